"""After the event: the questionnaire mailed once to attendees with a private link, answers
stored once per registration, attendance and questionnaire figures for staff, the yearly
report, and the recording link on the page."""

import io
import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cms.people.models import AccessToken
from cms.people.services import issue_token
from events import reports, services, tasks
from events.models import EventPage, Feedback, FeedbackRequest, Registration
from tests.events.conftest import make_event
from tests.roles import member_editor, secretariat

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/events/feedback/\S+/")


def register(run, event, email, *, quota=None, companions=0, attend=True):
    registration, _created = run(
        services.register,
        event,
        quota=quota or event.quotas.first(),
        name="参加 太郎",
        email=email,
        companions=companions,
    )
    if attend:
        services.check_in(registration)
    return Registration.objects.get(pk=registration.pk)


@pytest.fixture
def ended(run):
    """A hybrid event with two on site (one with a companion), one online, one no-show and a
    walk-in; `now` is four hours after it ended."""
    event = make_event(
        "つながりフォーラム",
        quotas=[("会場", "onsite", 100), ("オンライン", "online", 50)],
        days=1,
    )
    onsite, online = event.quotas.all()
    register(run, event, "a@example.jp", quota=onsite, companions=1)
    register(run, event, "b@example.jp", quota=onsite)
    register(run, event, "c@example.jp", quota=online)
    register(run, event, "d@example.jp", quota=onsite, attend=False)
    services.register_walk_in(event, quota=onsite, name="当日 花子", staff_user=None)
    mail.outbox.clear()
    return event, event.ends_at + timedelta(hours=4)


def test_attendees_get_the_questionnaire_once_a_few_hours_after_the_event(run, ended):
    event, now = ended
    assert run(services.queue_feedback_requests, now=event.ends_at + timedelta(hours=1)) == 0
    assert run(services.queue_feedback_requests, now=now) == 3  # the walk-in left no address
    assert run(services.queue_feedback_requests, now=now) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.jp", "b@example.jp", "c@example.jp"]
    assert all(LINK.search(m.body) for m in mail.outbox)
    assert FeedbackRequest.objects.filter(sent_at__isnull=False).count() == 3


def test_no_questionnaire_when_the_event_does_not_ask_for_one(run, ended):
    event, now = ended
    EventPage.objects.filter(pk=event.pk).update(questionnaire=False)
    assert run(services.queue_feedback_requests, now=now) == 0


def test_the_scheduled_task_exists():
    from django_q.models import Schedule

    assert (
        Schedule.objects.get(name="events-feedback").func == "events.tasks.send_feedback_requests"
    )


def test_answering_through_the_link_stores_one_answer(run, client, ended):
    _event, now = ended
    run(services.queue_feedback_requests, now=now)
    message = next(m for m in mail.outbox if m.to == ["a@example.jp"])
    link = LINK.search(message.body).group(0)
    assert client.get(link).status_code == 200
    data = {
        "rating": "4",
        "heard_from": "flyer",
        "come_again": "yes",
        "comment": "ｔｏｔｅｍｏ良かった",
    }
    assert client.post(link, data).status_code == 302
    assert client.post(link, {**data, "rating": "1"}).status_code == 200
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.comment) == (4, "totemo良かった")
    assert (
        "ありがとう" in client.get(link).content.decode()
        or "Thank" in client.get(link).content.decode()
    )


def test_a_bad_answer_says_why_and_keeps_the_comment(run, client, ended):
    _event, now = ended
    run(services.queue_feedback_requests, now=now)
    link = LINK.search(mail.outbox[0].body).group(0)
    response = client.post(link.replace("/ja/", "/en/"), {"rating": "9", "comment": "また来たい"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "また来たい" in body
    assert "Select a valid choice" in body or "from 1 to 5" in body
    assert not Feedback.objects.exists()


def test_a_tampered_or_foreign_link_opens_nothing(run, client, ended):
    _event, now = ended
    run(services.queue_feedback_requests, now=now)
    link = LINK.search(mail.outbox[0].body).group(0)
    assert client.get(link[:-5] + "xxxx/").status_code == 404
    other = Registration.objects.exclude(person__email=mail.outbox[0].to[0]).first()
    forged = re.sub(r"/feedback/[0-9a-f-]+/", f"/feedback/{other.reference}/", link)
    assert client.get(forged).status_code == 404


def test_the_questionnaire_link_opens_only_the_questionnaire(run, client, ended):
    _event, now = ended
    registration = Registration.objects.get(person__email="a@example.jp")
    run(services.queue_feedback_requests, now=now)
    message = next(m for m in mail.outbox if m.to == ["a@example.jp"])
    link = LINK.search(message.body).group(0)
    assert client.get(link).status_code == 200
    token = link.rstrip("/").rsplit("/", 1)[-1]
    manage = reverse(
        "events:registration", kwargs={"reference": registration.reference, "token": token}
    )
    assert client.get(manage).status_code == 404
    assert client.post(manage, {"action": "cancel"}).status_code == 404
    assert client.post(manage + "cancel/").status_code == 404
    registration.refresh_from_db()
    assert registration.status == "attended"


def test_the_registration_link_does_not_open_the_questionnaire(client, ended):
    registration = Registration.objects.get(person__email="a@example.jp")
    raw = tasks.private_link(registration, "ja").rstrip("/").rsplit("/", 1)[-1]
    kwargs = {"reference": registration.reference, "token": raw}
    assert client.get(reverse("events:registration", kwargs=kwargs)).status_code == 200
    questionnaire = reverse("events:feedback", kwargs=kwargs)
    assert client.get(questionnaire).status_code == 404
    client.post(questionnaire, {"rating": "5"})
    assert not Feedback.objects.exists()


def test_questionnaire_links_mailed_before_they_had_their_own_purpose_keep_working(client, ended):
    """The data migration finds the token each questionnaire mail was sent with."""
    from django.apps import apps

    migration = import_module("events.migrations.0008_questionnaire_token_purpose")
    _event, _now = ended
    sent_at = timezone.now() - timedelta(days=3)

    def mailed(email, *, tokens_before_sent, skipped=""):
        registration = Registration.objects.get(person__email=email)
        person = registration.person
        manage = issue_token(person, registration.token_purpose)
        AccessToken.objects.filter(person=person).update(created_at=sent_at - timedelta(days=9))
        old = []
        for seconds in tokens_before_sent:
            old.append(issue_token(person, registration.token_purpose))
            AccessToken.objects.filter(pk=AccessToken.objects.latest("pk").pk).update(
                created_at=sent_at - timedelta(seconds=seconds)
            )
        FeedbackRequest.objects.create(registration=registration)
        FeedbackRequest.objects.filter(registration=registration).update(
            sent_at=sent_at, attempts=1, last_error=skipped
        )
        return registration, manage, old

    def opens(registration, raw):
        kwargs = {"reference": registration.reference, "token": raw}
        return [
            client.get(reverse(name, kwargs=kwargs)).status_code == 200
            for name in ("events:feedback", "events:registration")
        ]

    sent, sent_manage, (sent_questionnaire,) = mailed("a@example.jp", tokens_before_sent=[2])
    ambiguous, _manage, both = mailed("b@example.jp", tokens_before_sent=[30, 2])
    skipped, _manage, (near,) = mailed("c@example.jp", tokens_before_sent=[2], skipped="no address")
    migration.forwards(apps, None)

    assert opens(sent, sent_questionnaire) == [True, False]
    assert opens(sent, sent_manage) == [False, True]
    # When it cannot tell which it was, or no questionnaire went out, no link changes.
    assert [opens(ambiguous, raw) for raw in both] == [[False, True], [False, True]]
    assert opens(skipped, near) == [False, True]

    migration.backwards(apps, None)
    assert opens(sent, sent_questionnaire) == [False, True]


def test_only_attendees_can_answer(ended):
    no_show = Registration.objects.get(person__email="d@example.jp")
    with pytest.raises(services.FeedbackError):
        services.record_feedback(no_show, rating=5)


def test_attendance_figures_count_people_on_site_online_and_walk_ins(ended):
    event, _now = ended
    assert reports.attendance_figures(event) == {
        "registered": 5,
        "attended_onsite": 4,
        "attended_online": 1,
        "walk_ins": 1,
        "attended": 5,
    }


def answer_all(event, ratings):
    attendees = Registration.objects.filter(event=event, status="attended", walk_in=False)
    for registration, rating in zip(attendees, ratings, strict=False):
        services.record_feedback(registration, rating=rating, come_again="yes", comment="良い会")


def test_staff_see_attendance_and_questionnaire_figures(client, ended):
    event, _now = ended
    answer_all(event, [5, 4, 4])
    figures = reports.feedback_figures(event)
    assert figures["count"] == 3
    assert figures["average"] == pytest.approx(4.33)
    assert [row["count"] for row in figures["distribution"]] == [1, 2, 0, 0, 0]
    client.force_login(secretariat())
    response = client.get(reverse("events_admin:report", args=[event.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "4.33" in body and "良い会" in body
    assert "参加 太郎" not in body  # no names in the report


def test_a_member_editor_cannot_see_the_figures(client, ended):
    event, _now = ended
    client.force_login(member_editor())
    response = client.get(reverse("events_admin:report", args=[event.pk]))
    # Wagtail sends them back with "permission denied"
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    # The yearly figures are the yearly report's, which is the secretariat's.
    assert client.get(reverse("yearly_report")).status_code in (302, 403)


def test_the_yearly_report_has_a_row_per_event_and_a_total(
    client, ended, django_assert_max_num_queries
):
    event, _now = ended
    answer_all(event, [5, 3])
    year = reports.fiscal_year(timezone.localdate(event.starts_at))
    with django_assert_max_num_queries(3):
        _header, table = reports.yearly_report_table(year)
    assert table[0][1] == "つながりフォーラム"
    assert table[0][4:] == [5, 4, 1, 1, 2, 4.0]
    assert table[-1][4:] == [5, 4, 1, 1, 2, 4.0]
    client.force_login(secretariat())
    response = client.get(reverse("yearly_report_xlsx") + f"?year={year}")
    assert response.status_code == 200
    cells = [
        cell
        for sheet in load_workbook(io.BytesIO(response.content)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    ]
    assert "つながりフォーラム" in cells


def test_the_recording_link_shows_once_the_event_has_ended(client, monkeypatch):
    event = make_event(
        "講演会", recording_url="https://example.jp/video/1", recording_captioned=True
    )
    assert "https://example.jp/video/1" not in client.get(event.url).content.decode()
    # Nothing is written: the event ends, and the page (cached before) shows the recording.
    after = event.sessions.get().ends_at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: after)
    body = client.get(event.url).content.decode()
    assert "https://example.jp/video/1" in body
    assert "字幕" in body or "captions" in body


def test_feedback_mail_task_skips_someone_who_already_answered(run, ended):
    _event, _now = ended
    registration = Registration.objects.get(person__email="a@example.jp")
    services.record_feedback(registration, rating=5)
    request = FeedbackRequest.objects.create(registration=registration)
    assert tasks.deliver_feedback_request(request.pk) == "already answered"


def test_a_failing_mail_server_keeps_the_questionnaire_mail_for_another_attempt(run, ended):
    from django.test import override_settings
    from django_q.models import Schedule

    _event, now = ended
    with override_settings(EMAIL_BACKEND="tests.events.failing_mail.Backend"):
        run(services.queue_feedback_requests, now=now)
    request = FeedbackRequest.objects.first()
    assert request.sent_at is None and request.attempts == 1
    assert Schedule.objects.filter(name=request.retry_name).exists()
    assert tasks.deliver_feedback_request(request.pk) == "sent"
    assert len(mail.outbox) == 1
