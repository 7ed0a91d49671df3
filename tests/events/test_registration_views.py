"""Registering through the public page, the confirmation, mails and the private link."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_q.models import Schedule
from django_q.scheduler import scheduler
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.core import outbox
from events import services, tasks
from events.models import EventPage, Message, Question, Registration
from tests.contact import assert_people_clean, typed
from tests.events.conftest import make_event

LINK = re.compile(r"https?://\S+/events/registration/\S+/")


def form_data(event, **overrides):
    data = {
        "name": "山田 花子",
        "name_kana": "ヤマダ ハナコ",
        "email": "hanako@example.jp",
        "phone": "０２６９－００－００００",
        "companions": "0",
        "language": "ja",
        "quota": str(event.quotas.first().pk),
        "consent": "on",
        "submission_key": "key-1",
    }
    data.update(overrides)
    return data


def post(run, client, event, **overrides):
    return run(client.post, event.url, form_data(event, **overrides))


def test_registering_confirms_shows_the_confirmation_and_mails_a_private_link(run, client, event):
    response = post(run, client, event, email="ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.person.email == "taro@example.jp"
    assert registration.person.name_kana == "やまだ はなこ"
    assert registration.person.phone == "0269-00-0000"
    assert registration.person.consents.get().notice_version
    page = client.get(response["Location"]).content.decode()
    assert "taro@example.jp にメールをお送りしました" in page  # the address typed, for a typo
    # when and where, to note down while the mail is on its way
    starts = timezone.localtime(event.sessions.get().starts_at)
    assert "<dt>日時</dt>" in page and starts.strftime("%Y-%m-%dT%H:%M") in page
    assert len(mail.outbox) == 1
    assert "参加が確定しました" in mail.outbox[0].body
    message = mail.outbox[0]
    assert message.to == ["taro@example.jp"]
    assert event.title in message.subject
    link = LINK.search(message.body).group(0)
    assert link.startswith("http://testserver/ja/events/registration/")
    assert client.get(link).status_code == 200


def test_the_thank_you_page_says_when_and_where_to_note_down(run, client, db):
    """The page after registering repeats the date and the place (the mail may take a while,
    or land in the spam folder), in Tokyo time, and the title as people read it."""
    event = make_event(
        title="｜居場所《いばしょ》づくり交流会",
        venue_name="飯山市公民館 和室",
        venue_address="長野県飯山市大字飯山1110-1",
    )
    response = post(run, client, event)
    page = client.get(response["Location"]).content.decode()
    starts = timezone.localtime(event.sessions.get().starts_at)
    assert "<dt>日時</dt>" in page and f"{starts.month}月{starts.day}日" in page
    assert starts.strftime("%H:%M") in page
    assert "<dt>場所</dt>" in page
    assert "飯山市公民館 和室" in page and "長野県飯山市大字飯山1110-1" in page
    assert "<ruby>居場所" in page and "《" not in page


def test_posting_the_same_form_twice_makes_one_registration(run, client, event):
    post(run, client, event)
    post(run, client, event)
    response = post(run, client, event, submission_key="key-2", name="誰か")
    assert Registration.objects.count() == 1
    assert Registration.objects.get().person.name == "山田 花子"  # nothing stored changed
    page = client.get(response["Location"]).content.decode()
    assert "参加が確定しました" not in page  # another's status is not shown to whoever typed it
    # The double POST sends nothing; the repeat goes to the address.
    assert [m.kind for m in Message.objects.all()] == ["confirmed", "already_registered"]


def test_registering_again_resends_the_link_a_few_times_an_hour_at_most(run, client, event):
    for n in range(6):
        post(run, client, event, submission_key=f"key-{n}")
    assert Registration.objects.count() == 1
    # The first confirmation, then the repeats, three in the hour.
    assert len(mail.outbox) == 1 + outbox.MAILS_TO_ONE_ADDRESS_PER_HOUR == 4


def test_errors_are_specific_and_keep_what_was_typed(run, client, event):
    response = post(run, client, event, email="not-an-email", name_kana="yamada", consent="")
    assert response.status_code == 200
    body = response.content.decode()
    assert "ひらがな" in body  # the kana message
    assert "個人情報" in body  # the consent message
    assert 'value="山田 花子"' in body
    assert 'aria-describedby="id_name_kana_helptext id_name_kana_error"' in body
    assert 'aria-invalid="true"' in body
    assert not Registration.objects.exists()


def test_companions_beyond_the_seats_left_get_a_message_not_a_registration(run, client, db):
    event = make_event(capacity=2, waitlist_enabled=False)
    response = post(run, client, event, companions="3")
    assert response.status_code == 200
    assert "満席" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_closed_event_says_so_and_stores_nothing(run, client, db):
    from django.utils import timezone

    event = make_event(registration_closes_at=timezone.now())
    response = post(run, client, event)
    assert response.status_code == 200
    assert "受付を終了" in response.content.decode()
    assert not Registration.objects.exists()


def test_custom_questions_are_asked_and_answered(run, client, db):
    event = make_event()
    event.questions = [
        Question(label="所属", kind="short_text", required=True),
        Question(label="参加の目的", kind="multiple_choice", choices="学び\n交流"),
        Question(label="託児を希望", kind="checkbox"),
    ]
    event.save_revision().publish()
    questions = {q.label: f"q{q.pk}" for q in Question.objects.filter(page=event)}
    response = post(run, client, event)
    assert response.status_code == 200  # the required answer is missing
    response = run(
        client.post,
        event.url,
        {**form_data(event), questions["所属"]: "社協", questions["参加の目的"]: ["交流"]},
    )
    assert response.status_code == 302, response.context["form"].errors
    answers = Registration.objects.get().answers
    assert {"question": "所属", "answer": "社協"} in answers
    assert {"question": "参加の目的", "answer": ["交流"]} in answers


def test_a_tampered_or_foreign_link_opens_nothing(run, client, event):
    post(run, client, event)
    post(run, client, event, email="other@example.jp", submission_key="key-2")
    first, second = Registration.objects.order_by("pk")
    link = LINK.search(mail.outbox[0].body).group(0)
    token = link.rstrip("/").rsplit("/", 1)[1]
    tampered = link[:-2] + ("A/" if link[-2] != "A" else "B/")
    assert client.get(tampered).status_code == 404
    foreign = f"/ja/events/registration/{second.reference}/{token}/"
    response = client.get(foreign)
    assert response.status_code == 404
    assert second.person.name not in response.content.decode()
    assert client.get("/ja/events/registration/not-a-uuid/x/").status_code == 404
    assert client.get(link).status_code == 200
    assert first.person.name in client.get(link).content.decode()


def test_the_private_link_changes_companions_and_cancels(run, client, db):
    event = make_event(capacity=2)
    post(run, client, event)
    post(run, client, event, email="w@example.jp", submission_key="key-2", companions="1")
    link = LINK.search(mail.outbox[0].body).group(0)
    run(client.post, link, {"action": "companions", "companions": "1"})
    first = Registration.objects.order_by("pk").first()
    assert first.seats == 1  # no room for a companion: the waitlist is not overtaken
    run(client.post, link, {"action": "cancel"})  # only asks (test_my_page_actions)
    first.refresh_from_db()
    assert first.status == "confirmed"
    run(client.post, link + "cancel/")
    first.refresh_from_db()
    assert first.status == "cancelled"
    waiting = Registration.objects.get(person__email="w@example.jp")
    assert waiting.status == "confirmed"
    assert [m.kind for m in waiting.messages.all()] == ["waitlisted", "promoted"]


def test_discreet_events_say_only_booking_in_subjects(run, client, db):
    event = make_event(title="こころの相談会", discreet=True)
    post(run, client, event)
    subject = mail.outbox[0].subject
    assert subject.startswith("ご予約 | ")
    assert "相談" not in subject.replace("ご予約", "")


def test_the_mail_goes_out_in_the_registrants_language(run, client, event):
    post(run, client, event, language="en")
    assert mail.outbox[0].subject.startswith("Registration confirmed")
    assert "/en/events/registration/" in mail.outbox[0].body


@override_settings(EMAIL_BACKEND="tests.events.failing_mail.Backend")
def test_a_failing_mail_server_keeps_the_registration_and_retries(run, client, event):
    response = post(run, client, event)
    assert response.status_code == 302
    registration = Registration.objects.get()
    message = Message.objects.get()
    assert message.sent_at is None and message.attempts == 1
    assert "SMTP" in message.last_error
    schedule = Schedule.objects.get(name=f"events-message-{message.pk}")
    assert schedule.func == "events.tasks.deliver_message"
    # django-q2's scheduler runs the retry when it is due, and then drops the one-off schedule.
    Schedule.objects.filter(pk=schedule.pk).update(next_run=timezone.now())
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        scheduler()
        assert tasks.deliver_message(message.pk) == "already sent"
    assert len(mail.outbox) == 1
    assert not Schedule.objects.filter(name=schedule.name).exists()
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_reminders_are_sent_once_within_the_period(run, db):
    event = make_event(days=1)
    later = make_event(days=5)
    for ev in (event, later):
        services.register(ev, quota=ev.quotas.first(), name="a", email="a@example.jp")
    mail.outbox.clear()
    assert run(tasks.send_due_reminders) == 1
    assert run(tasks.send_due_reminders) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("開催のお知らせ")


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    name=typed(300),
    kana=typed(120),
    email=typed(300),
    phone=typed(40),
    companions=st.text(max_size=5),
)
@pytest.mark.django_db
def test_the_form_never_fails_with_a_server_error_nor_stores_junk(
    run, client, name, kana, email, phone, companions
):
    event = EventPage.objects.first() or make_event()
    response = post(
        run,
        client,
        event,
        name=name,
        name_kana=kana,
        email=email,
        phone=phone,
        companions=companions,
        submission_key=f"k{hash((name, kana, email, phone, companions))}",
    )
    assert response.status_code in (200, 302)
    assert_people_clean()


def test_the_english_page_registers_for_the_same_places(run, client, db):
    from wagtail.models import Locale

    from cms.people.models import AccessToken

    event = make_event(capacity=1)
    english = event.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Symposium"
    english.save_revision().publish()
    english = EventPage.objects.get(pk=english.pk)
    services.register(event, quota=event.quotas.first(), name="a", email="a@example.jp")
    assert "Full: waitlist open" in client.get(english.url).content.decode()
    response = run(client.post, english.url, form_data(event, email="b@example.jp"))
    assert response.status_code == 302
    registration = Registration.objects.get(person__email="b@example.jp")
    assert (registration.event_id, registration.status) == (event.pk, "waitlisted")
    purpose = AccessToken._meta.get_field("purpose").max_length
    assert len(registration.token_purpose) <= purpose
    assert len(registration.feedback_token_purpose) <= purpose


def test_publishing_a_cancelled_event_cancels_everyone_and_tells_them(run, db):
    from django.utils import timezone

    event = make_event(capacity=1)
    for n in range(2):
        services.register(event, quota=event.quotas.first(), name=f"p{n}", email=f"p{n}@example.jp")
    mail.outbox.clear()
    event.cancelled_at = timezone.now()
    run(event.save_revision().publish)
    assert set(Registration.objects.values_list("status", flat=True)) == {"cancelled"}
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.jp", "p1@example.jp"]
    assert all("中止" in m.subject and "中止" in m.body for m in mail.outbox)


def test_odd_posts_to_the_private_link_change_nothing_and_never_fail(run, client, event):
    post(run, client, event)
    link = LINK.search(mail.outbox[0].body).group(0)
    for data in (
        {"action": "bogus"},
        {"action": "companions", "companions": "abc"},
        {"action": "companions", "companions": "99"},
        {"action": "accept"},
        {"action": "decline"},
        {},
    ):
        response = run(client.post, link, data)
        assert response.status_code == 302
        assert client.get(link).status_code == 200
    registration = Registration.objects.get()
    assert (registration.status, registration.seats) == ("confirmed", 1)


def fill(event, seats):
    for n in range(seats):
        services.register(
            event,
            quota=event.quotas.first(),
            name=f"参加者{n}",
            email=f"p{n}@example.jp",
            consent_version="v1",
        )


def test_a_full_event_offers_the_waitlist_and_says_so_on_its_button(db, run, client):
    event = make_event(capacity=2, waitlist_enabled=True)
    page = client.get(event.url).content.decode()
    assert "申し込む" in page and "キャンセル待ちに登録する" not in page
    fill(event, 2)
    page = client.get(event.url).content.decode()
    assert "キャンセル待ちに登録する" in page and ">申し込む<" not in page
    assert "キャンセル待ち" in page
    response = post(run, client, event)
    assert response.status_code == 302
    assert Registration.objects.get(person__email="hanako@example.jp").status == "waitlisted"


def test_a_full_event_without_a_waitlist_shows_no_form_but_says_it_is_full(db, run, client):
    event = make_event(capacity=1, waitlist_enabled=False)
    fill(event, 1)
    page = client.get(event.url).content.decode()
    assert "満席です" in page
    assert 'name="email"' not in page


def test_the_mail_says_the_date_as_people_read_it_and_how_to_reach_the_secretariat(db, run, client):
    from cms.core.models import PlatformSettings
    from tests.platforms import default_platform

    PlatformSettings.objects.update_or_create(
        site=default_platform().site,
        defaults={"phone": "0269-62-3111", "office_hours": "平日 8:30〜17:15"},
    )
    event = make_event()
    post(run, client, event)
    body = mail.outbox[-1].body
    starts = timezone.localtime(event.sessions.get().starts_at)
    assert f"{starts.year}年{starts.month}月{starts.day}日" in body
    assert starts.strftime("%Y-%m-%d") not in body
    assert "電話: 0269-62-3111 (平日 8:30〜17:15)" in body
