"""Pledging food through the public drive page: the form, the thank-you page, the private link."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from cms.core import outbox
from cms.people.services import issue_token, revoke_tokens
from events.fooddrives import services
from events.fooddrives.models import Pledge
from events.fooddrives.services import PledgeError
from tests.fooddrives.conftest import item, make_drive

LINK = re.compile(r"https?://\S+/food-drives/pledge/\S+/")


def form_data(drive, **overrides):
    rice, cans, noodles = (item(drive, name) for name in ("お米", "缶詰", "乾麺"))
    data = {
        f"item_{rice.pk}": "5",
        f"best_before_{rice.pk}": "",
        f"item_{cans.pk}": "0",
        f"best_before_{cans.pk}": "",
        f"item_{noodles.pk}": "",
        "point": str(drive.points.first().pk),
        "drop_off_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "name": "飯山 花子",
        "name_kana": "いいやま はなこ",
        "email": "hanako@example.jp",
        "phone": "",
        "language": "ja",
        "consent": "on",
        "submission_key": "key-1",
    }
    data.update(overrides)
    return data


def post(run, client, drive, **overrides):
    return run(client.post, drive.url, form_data(drive, **overrides))


def body(response):
    return response.content.decode()


def shown(error):
    """A refusal's words as the page shows them."""
    return escape(str(error.message))


def test_a_pledge_is_thanked_mailed_seen_through_the_link_and_cancelled(run, client, drive):
    response = post(run, client, drive)
    assert response.status_code == 302
    assert response["Location"] == drive.url + "pledged/"
    pledge = Pledge.objects.get()
    assert [(line.item.name, line.quantity) for line in pledge.lines.all()] == [("お米", 5)]
    assert pledge.person.consents.get().purpose == services.CONSENT_PURPOSE

    thanks = body(client.get(response["Location"]))
    assert gettext("Thank you for your pledge") in thanks
    assert "お米 5 kg" in thanks
    assert "飯山市社会福祉協議会" in thanks and "平日 9:00〜17:00" in thanks
    assert pledge.drop_off_on.isoformat() in thanks
    assert "hanako@example.jp" in thanks

    (message,) = mail.outbox
    link = LINK.search(message.body).group(0)
    assert link.startswith("http://testserver/ja/food-drives/pledge/")
    page = client.get(link)
    assert page.status_code == 200
    assert "お米 5 kg" in body(page)
    assert gettext("Cancel my pledge") in body(page)

    response = run(client.post, link, {"action": "cancel"})
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CANCELLED
    page = body(client.get(link))
    assert escape(gettext("This pledge is cancelled.")) in page
    assert gettext("Cancel my pledge") not in page
    assert [m.to for m in mail.outbox] == [["hanako@example.jp"]] * 2


def test_the_pledge_mail_writes_its_days_as_people_read_them(run, client, drive):
    """The confirmation and the calendar entry it attaches name each food's best-before day
    in Japanese (2027年1月31日), not in ISO (the entry read 「賞味期限 2027-01-31」)."""
    rice = item(drive, "お米")
    best_before = timezone.localdate() + timedelta(days=200)
    post(run, client, drive, **{f"best_before_{rice.pk}": best_before.isoformat()})
    (message,) = mail.outbox
    (entry,) = [a for a in message.attachments if a[0].endswith(".ics")]
    calendar = entry[1] if isinstance(entry[1], str) else entry[1].decode()
    calendar = calendar.replace("\r\n ", "")  # unfolded
    written = f"{best_before.year}年{best_before.month}月{best_before.day}日"
    for text in (message.body, calendar):
        assert written in text
        assert best_before.isoformat() not in text


def test_full_width_input_is_normalised(run, client, drive):
    rice = item(drive, "お米")
    day = timezone.localdate() + timedelta(days=3)
    best_before = day + timedelta(days=60)
    full_width = str.maketrans("0123456789/-", "０１２３４５６７８９／－")
    response = post(
        run,
        client,
        drive,
        **{
            f"item_{rice.pk}": "１２",
            f"best_before_{rice.pk}": best_before.strftime("%Y/%m/%d").translate(full_width),
            "drop_off_on": day.isoformat().translate(full_width),
            "email": "ｈａｎａｋｏ＠ＥＸＡＭＰＬＥ．ｊｐ",
            "phone": "０２６９－６２－００００",
            "name_kana": "イイヤマ　ハナコ",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    pledge = Pledge.objects.get()
    line = pledge.lines.get()
    assert (line.quantity, line.best_before, pledge.drop_off_on) == (12, best_before, day)
    person = pledge.person
    assert (person.email, person.phone, person.name_kana) == (
        "hanako@example.jp",
        "0269-62-0000",
        "いいやま はなこ",
    )


def _refusal_cases(drive):
    rice = item(drive, "お米")
    today = timezone.localdate()
    day = today + timedelta(days=2)
    ends = drive.collection_ends_on
    return {
        "target_reached": (
            {f"item_{rice.pk}": "121"},
            PledgeError("target_reached", item="お米", left=120, unit="kg"),
        ),
        "day_outside": (
            {"drop_off_on": (ends + timedelta(days=1)).isoformat()},
            PledgeError("day_outside", first=drive.collection_starts_on, last=ends),
        ),
        "best_before": (
            {f"best_before_{rice.pk}": (day + timedelta(days=5)).isoformat()},
            PledgeError(
                "best_before",
                item="お米",
                date=day + timedelta(days=30),
                days=30,
            ),
        ),
        "no_lines": ({f"item_{rice.pk}": "0"}, PledgeError("no_lines")),
    }


@pytest.mark.parametrize("reason", ["target_reached", "day_outside", "best_before", "no_lines"])
def test_each_refusal_is_shown_with_its_words_and_keeps_what_was_typed(run, client, db, reason):
    drive = make_drive()
    overrides, error = _refusal_cases(drive)[reason]
    response = post(run, client, drive, **overrides)
    assert response.status_code == 200
    page = body(response)
    assert shown(error) in page
    assert 'class="form__errors"' in page  # the summary at the top links to the field
    assert 'value="飯山 花子"' in page and 'value="hanako@example.jp"' in page
    for name, value in overrides.items():
        assert f'name="{name}" value="{value}"' in page
    assert not Pledge.objects.exists()
    assert not mail.outbox


def test_a_refused_day_is_written_as_people_read_it_never_in_iso(run, client, db):
    """The collection's first and last days in the refusal read 2026年12月20日, as the page
    around them does: they read 「2026-12-01から2026-12-20まで」."""
    drive = make_drive()
    ends = drive.collection_ends_on
    response = post(run, client, drive, drop_off_on=(ends + timedelta(days=1)).isoformat())
    text = re.sub(r"<[^>]+>", " ", body(response))  # what is read, not the fields' min and max
    assert f"{ends.year}年{ends.month}月{ends.day}日" in text
    assert ends.isoformat() not in text
    assert drive.collection_starts_on.isoformat() not in text


def test_a_day_that_has_passed_is_refused(run, client, db):
    drive = make_drive(starts_in=-5)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = post(run, client, drive, drop_off_on=yesterday.isoformat())
    assert response.status_code == 200
    assert shown(PledgeError("day_past")) in body(response)
    assert 'id="id_drop_off_on_error"' in body(response)  # next to the day, not only on top
    assert not Pledge.objects.exists()


def test_too_many_pledges_from_one_address_are_refused(run, client, drive):
    for n in range(outbox.MAILS_TO_ONE_ADDRESS_PER_HOUR):
        assert post(run, client, drive, submission_key=f"key-{n}").status_code == 302
    response = post(run, client, drive, submission_key="key-last")
    assert response.status_code == 200
    assert shown(PledgeError("too_many")) in body(response)
    assert Pledge.objects.count() == outbox.MAILS_TO_ONE_ADDRESS_PER_HOUR


def test_form_errors_are_specific(run, client, drive):
    rice = item(drive, "お米")
    response = post(
        run,
        client,
        drive,
        **{f"item_{rice.pk}": "abc", "email": "not-an-email", "name_kana": "iiyama", "consent": ""},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {f"item_{rice.pk}", "email", "name_kana", "consent"}
    assert 'value="abc"' in body(response)
    assert not Pledge.objects.exists()


def test_sending_the_form_twice_makes_one_pledge(run, client, drive):
    first = post(run, client, drive)
    second = post(run, client, drive)
    assert first["Location"] == second["Location"]
    assert Pledge.objects.count() == 1
    assert len(mail.outbox) == 1
    assert "お米 5 kg" in body(client.get(second["Location"]))


def test_another_browser_sending_a_known_key_learns_nothing(run, client, drive):
    post(run, client, drive)
    other = Client()
    response = run(other.post, drive.url, form_data(drive, name="誰か", email="x@example.jp"))
    assert Pledge.objects.count() == 1
    page = body(other.get(response["Location"]))
    assert "飯山 花子" not in page and "hanako@example.jp" not in page and "お米 5" not in page


def test_the_thank_you_page_shows_nothing_without_the_pledge_in_the_session(run, client, drive):
    assert client.get(drive.url + "pledged/")["Location"] == drive.url
    post(run, client, drive)
    other_drive = make_drive("もうひとつのフードドライブ")
    assert client.get(other_drive.url + "pledged/")["Location"] == other_drive.url


def test_an_item_whose_target_is_reached_is_not_offered(run, client, drive):
    rice = item(drive, "お米")
    services.record_intake(drive, item=rice, quantity=100)
    services.pledge(
        drive,
        point=drive.points.first(),
        drop_off_on=timezone.localdate(),
        lines=[services.Line(rice, 20)],
        name="a",
        email="a@example.jp",
    )
    page = body(client.get(drive.url))
    assert f'name="item_{rice.pk}"' not in page
    assert gettext("Enough, thank you") in page
    assert f'name="item_{item(drive, "缶詰").pk}"' in page
    # A form opened before the target was reached: the amount is refused by name, not dropped.
    response = post(run, client, drive)
    assert response.status_code == 200
    message = PledgeError("target_reached", item="お米", left=0, unit="kg")
    assert shown(message) in body(response)
    assert f'name="item_{rice.pk}" value="5"' in body(response)
    assert Pledge.objects.count() == 1


def test_when_everything_is_pledged_the_page_says_so_instead_of_a_form(client, db):
    drive = make_drive(items=[("お米", "kg", 10, "")])
    services.record_intake(drive, item=item(drive, "お米"), quantity=10)
    page = body(client.get(drive.url))
    assert 'name="submission_key"' not in page
    assert gettext("Enough of every kind of food has been pledged. Thank you!") in page


@pytest.mark.parametrize("state", ["closed", "cancelled"])
def test_a_closed_or_cancelled_drive_says_so_and_stores_nothing(run, client, db, state):
    if state == "closed":
        drive = make_drive(pledges_close_at=timezone.now() - timedelta(minutes=1))
    else:
        drive = make_drive(cancelled_at=timezone.now())
    page = body(client.get(drive.url))
    assert shown(PledgeError(state)) in page
    assert 'name="submission_key"' not in page
    response = post(run, client, drive)
    assert response.status_code == 200
    assert shown(PledgeError(state)) in body(response)
    assert not Pledge.objects.exists()


def _pledge_link(run, client, drive, **overrides):
    post(run, client, drive, **overrides)
    return LINK.search(mail.outbox[-1].body).group(0)


def test_a_link_that_is_not_this_pledges_opens_nothing(run, client, drive):
    link = _pledge_link(run, client, drive)
    _pledge_link(run, client, drive, email="other@example.jp", submission_key="key-2")
    first, second = Pledge.objects.order_by("pk")
    token = link.rstrip("/").rsplit("/", 1)[1]
    tampered = link[:-2] + ("A/" if link[-2] != "A" else "B/")
    foreign = f"/ja/food-drives/pledge/{second.reference}/{token}/"
    other_purpose = issue_token(first.person, "events:calendar")
    for url in (
        tampered,
        foreign,
        f"/ja/food-drives/pledge/{first.reference}/{other_purpose}/",
        f"/ja/food-drives/pledge/{first.reference}/garbage/",
        f"/ja/food-drives/pledge/{first.reference}/{'x' * 500}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert gettext("This link does not work") in body(response)
        assert "飯山 花子" not in body(response)
    assert client.get("/ja/food-drives/pledge/not-a-uuid/x/").status_code == 404
    assert run(client.post, foreign, {"action": "cancel"}).status_code == 404
    second.refresh_from_db()
    assert second.status == Pledge.Status.PLEDGED
    assert client.get(link).status_code == 200
    revoke_tokens(first.person)
    assert client.get(link).status_code == 404


def test_odd_posts_to_the_private_link_change_nothing_and_never_fail(run, client, drive):
    link = _pledge_link(run, client, drive)
    for data in ({"action": "bogus"}, {}, {"action": ["cancel", "x"]}):
        response = run(client.post, link, data)
        assert response.status_code == 302
    assert Pledge.objects.get().status == Pledge.Status.PLEDGED
    run(client.post, link, {"action": "cancel"})
    response = run(client.post, link, {"action": "cancel"})  # twice: a clear message
    assert response.status_code == 302
    page = body(client.get(link))
    assert shown(PledgeError("not_allowed")) in page
    assert len(mail.outbox) == 2  # the confirmation and one cancellation
