import re

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.people.models import Person
from cms.people.services import issue_token
from events.capacity import Status
from tests.contact import assert_people_clean, typed
from tests.volunteers.conftest import (
    make_opportunity,
    make_qualification,
    make_role,
    make_shift,
    make_volunteer,
)
from volunteers import services
from volunteers.models import ShiftSignup, Volunteer

pytestmark = pytest.mark.django_db

JOIN = {
    "name": "飯山 花子",
    "name_kana": "イイヤマ ハナコ",
    "email": "ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ",
    "phone": "０８５７-２２-１２３４",
    "language": "ja",
    "languages": ["ja", "en"],
    "skills": ["cooking"],
    "consent": "on",
}


def my_page_url(volunteer):
    return reverse(
        "volunteers:my_page", kwargs={"token": issue_token(volunteer.person, "volunteer")}
    )


def link_in(message):
    return re.search(r"http://testserver(\S+)", message.body).group(1)


def test_join_confirm_and_reach_my_page(client, run):
    response = run(client.post, reverse("volunteers:join"), JOIN)
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.person.email == "hanako@example.jp"
    assert volunteer.person.name_kana == "いいやま はなこ"
    assert volunteer.person.phone == "0857-22-1234"
    assert volunteer.languages == ["ja", "en"]
    assert volunteer.person.consents.get().purpose == "volunteer"
    confirm = link_in(mail.outbox[0])
    # A GET (a mail scanner) confirms nothing.
    assert client.get(confirm).status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.email_confirmed_at is None
    response = client.post(confirm, follow=True)
    assert "メールアドレスを確認しました" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.email_confirmed_at is not None
    # The confirmation link works once.
    assert client.post(confirm).status_code == 404


def test_the_form_keeps_what_was_typed_and_names_the_errors(client):
    response = client.post(
        reverse("volunteers:join"), {**JOIN, "name_kana": "Hanako", "phone": "12"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "ひらがなかカタカナで" in body
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in body
    assert 'value="飯山 花子"' in body
    assert not Person.objects.exists()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    name=typed(300),
    kana=typed(120),
    email=typed(300),
    phone=typed(40),
    languages=st.lists(st.text(max_size=5), max_size=3),
)
def test_the_form_never_fails_with_a_server_error_nor_stores_junk(
    client, name, kana, email, phone, languages
):
    data = {**JOIN, "name": name, "name_kana": kana, "email": email, "phone": phone}
    data["languages"] = languages
    response = client.post(reverse("volunteers:join"), data)
    assert response.status_code in (200, 302)
    assert_people_clean()


def test_asking_for_the_link_says_the_same_whether_or_not_the_address_is_known(client, run):
    make_volunteer(email="known@example.jp")
    url = reverse("volunteers:request_link")
    known = run(client.post, url, {"email": "KNOWN@example.jp"}, follow=True)
    unknown = run(client.post, url, {"email": "nobody@example.jp"}, follow=True)
    for response in (known, unknown):
        assert "登録済みのアドレスであれば、リンクをお送りしました。" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["known@example.jp"]]


def test_joining_with_a_known_address_is_answered_as_a_first_join(run, client):
    """Issue 16: the join form tells nobody who volunteers; only the address learns of it."""
    from django.test import Client

    make_volunteer(email="hanako@example.jp", name="本人")
    url = reverse("volunteers:join")
    answers = []
    for email in ("newcomer@example.jp", "HANAKO@example.jp"):
        stranger = Client()
        response = run(stranger.post, url, {**JOIN, "email": email, "name": "誰か"})
        page = stranger.get(response["Location"])
        answers.append((response.status_code, response["Location"], page.status_code))
        body = re.sub(r'nonce="[^"]*"', "", page.content.decode())
        answers.append(body)
    assert answers[:2] == answers[2:]
    assert Volunteer.objects.get(person__email="hanako@example.jp").person.name == "本人"
    to_known = [m for m in mail.outbox if m.to == ["hanako@example.jp"]]
    assert len(to_known) == 1 and "/volunteers/" in to_known[0].body


@pytest.mark.parametrize("token", ["tampered", "x" * 500, "%00"])
def test_a_bad_link_says_so_and_never_fails(client, token):
    for name in ("my_page", "my_shifts", "confirm", "calendar"):
        response = client.get(reverse(f"volunteers:{name}", kwargs={"token": token}))
        assert response.status_code == 404
        assert "このリンクは使えません" in response.content.decode()


def test_a_revoked_or_replaced_link_stops_working(client):
    volunteer = make_volunteer()
    url = my_page_url(volunteer)
    response = client.post(url + "new-link/")
    assert response.status_code == 302
    assert client.get(url).status_code == 404
    assert client.get(response.url).status_code == 200


def test_one_volunteers_link_never_opens_anothers_sign_up(client):
    mine, theirs = make_volunteer(), make_volunteer()
    signup = services.sign_up(theirs, make_shift())
    url = my_page_url(mine) + f"sign-ups/{signup.pk}/cancel/"
    assert client.post(url).status_code == 404
    signup.refresh_from_db()
    assert signup.status == Status.CONFIRMED


def test_sign_up_and_cancel_from_my_page(client):
    volunteer = make_volunteer()
    shift = make_shift()
    url = my_page_url(volunteer)
    response = client.post(url + f"shifts/{shift.pk}/sign-up/", follow=True)
    body = response.content.decode()
    assert "申込みが完了しました" in body and "仕分け" in body
    signup = ShiftSignup.objects.get()
    response = client.post(url + f"sign-ups/{signup.pk}/cancel/", follow=True)
    assert "申込みをキャンセルしました" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == Status.CANCELLED


def test_a_refused_sign_up_says_why_and_changes_nothing(client):
    volunteer = make_volunteer()
    qualification = make_qualification()
    shift = make_shift(role=make_role("見守り", qualification))
    response = client.post(my_page_url(volunteer) + f"shifts/{shift.pk}/sign-up/", follow=True)
    assert "「つながりサポーター」の資格が必要です" in response.content.decode()
    assert not ShiftSignup.objects.exists()


def test_past_shifts_show_confirmed_hours(client):
    from datetime import time

    volunteer = make_volunteer()
    shift = make_shift(hours=30)
    signup = services.sign_up(volunteer, shift)
    checked_in, checked_out = services.resolve_times(shift, time(9), time(12, 30))
    services.record_attendance(signup, checked_in_at=checked_in, checked_out_at=checked_out)
    shift.starts_at = shift.starts_at.replace(year=shift.starts_at.year - 1)
    shift.ends_at = shift.ends_at.replace(year=shift.ends_at.year - 1)
    shift.save()
    body = client.get(my_page_url(volunteer)).content.decode()
    assert "3.50" in body


def test_the_calendar_feed_is_private_and_revocable(client):
    volunteer = make_volunteer()
    services.sign_up(volunteer, make_shift())
    url = my_page_url(volunteer)
    response = client.post(url + "calendar-link/", {"action": "new"}, follow=True)
    feed = re.search(
        r"http://testserver(/ja/volunteers/calendar/\S+\.ics)", response.content.decode()
    )
    feed = feed.group(1)
    response = client.get(feed)
    assert response.status_code == 200
    # reached by a private link: kept by no cache (issue 16), not even the browser's
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "仕分け" in body
    assert volunteer.person.name not in body and volunteer.person.email not in body
    client.post(url + "calendar-link/", {"action": "revoke"})
    assert client.get(feed).status_code == 404


def test_the_public_list_filters_and_says_why(client):
    food = make_opportunity(place="鳥取市福祉会館")
    cafe = make_opportunity("地域食堂", place="米子市公民館")
    sorting = make_shift(food, capacity=2, min_people=2)
    cooking = make_shift(cafe, role=make_role("調理"), capacity=1, min_people=1, hours=72)
    services.sign_up(make_volunteer(), cooking)
    make_shift(food, hours=24 * 90)  # not open yet
    url = reverse("volunteers:shifts")
    body = client.get(url).content.decode()
    assert "申込みは" in body and "から受け付けます" in body
    assert "キャンセル待ちに登録できます" in body
    assert "人手が足りません" in body
    needs = client.get(url, {"needs": "on"}).content.decode()
    assert "フードドライブ" in needs and "地域食堂" not in needs
    place = client.get(url, {"place": "米子"}).content.decode()
    assert "地域食堂" in place and "フードドライブ" not in place
    role = client.get(url, {"role": cooking.role_id}).content.decode()
    assert "<h2>調理" in role and f"<h2>{sorting.role.name}" not in role
    date = client.get(url, {"date": cooking.starts_at.astimezone().date().isoformat()})
    assert "地域食堂" in date.content.decode()
    # Bad filter values are ignored, never a 500.
    assert client.get(url, {"date": "2026-13-45", "role": "x"}).status_code == 200
    # No personal data on the public list.
    assert "v1@example.jp" not in body


@override_settings(PAGE_CACHE=False)  # counts renders, not cache hits
def test_the_list_costs_the_same_number_of_queries_for_any_number_of_shifts(client):
    volunteer = make_volunteer()
    url = my_page_url(volunteer) + "shifts/"
    opportunity = make_opportunity()
    make_shift(opportunity)
    client.get(url)  # the first request of a site creates its settings row
    counts = []
    for _round in range(2):
        for pages in (reverse("volunteers:shifts"), url):
            client.get(pages)  # the frame, read again after a change
            with CaptureQueriesContext(connection) as queries:
                assert client.get(pages).status_code == 200
            counts.append(len(queries))
        for i in range(5):
            shift = make_shift(opportunity, role=make_role(f"役割{i}"), hours=100 + i * 5)
            services.sign_up(make_volunteer(), shift)
    assert counts[0] == counts[2] and counts[1] == counts[3]


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    email=st.text(max_size=300),
    date=st.text(max_size=20),
    place=st.text(max_size=200),
    role=st.text(max_size=10),
)
def test_the_link_form_and_the_filters_never_fail(client, email, date, place, role):
    response = client.post(reverse("volunteers:request_link"), {"email": email})
    assert response.status_code in (200, 302)
    response = client.get(
        reverse("volunteers:shifts"), {"date": date, "place": place, "role": role, "needs": "1"}
    )
    assert response.status_code == 200
