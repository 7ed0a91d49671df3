"""Supporter registry extras: expiring-soon reminders (idempotent), public figures, the yearly
report export."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_q.models import Schedule

from cms.core.roles import SECRETARIAT
from cms.people.services import grant_qualification
from events.courses import queries, services
from events.courses.models import ExpiryReminder
from tests.platforms import default_platform, staff_of

from .conftest import make_person

pytestmark = pytest.mark.django_db


def test_expiring_holders_are_reminded_once_per_expiry_date(supporter, run):
    today = timezone.localdate()
    soon = make_person("期限 近子", "きげん ちかこ", "soon@example.org")
    later = make_person("期限 遠男", "きげん とおお", "later@example.org")
    no_address = make_person("宛先 無", "あてさき なし")
    grant = grant_qualification(soon, supporter, on=today - timedelta(days=3 * 365 - 30))
    grant_qualification(later, supporter, on=today)
    grant_qualification(no_address, supporter, on=today - timedelta(days=3 * 365 - 30))
    assert [g.person for g in queries.expiring_grants()] == [soon, no_address]
    assert run(services.queue_expiry_reminders) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["soon@example.org"]
    assert "つながりサポーター" in mail.outbox[0].subject
    assert run(services.queue_expiry_reminders) == 0
    assert len(mail.outbox) == 1
    # Renewed: the new expiry date is reminded when it comes near.
    grant.valid_until = today + timedelta(days=10)
    grant.save()
    assert run(services.queue_expiry_reminders) == 1
    assert ExpiryReminder.objects.filter(sent_at__isnull=False).count() == 2


def test_sending_a_reminder_twice_sends_one_mail(supporter):
    from events.courses.tasks import send_expiry_reminder

    person = make_person("二重 防止", "にじゅう ぼうし", "twice@example.org")
    grant = grant_qualification(person, supporter, on=date(2024, 1, 1))
    reminder = ExpiryReminder.objects.create(grant=grant, valid_until=grant.valid_until)
    assert send_expiry_reminder(reminder.pk) == "sent"
    assert send_expiry_reminder(reminder.pk) == "already sent"
    assert len(mail.outbox) == 1


@override_settings(EMAIL_BACKEND="tests.events.failing_mail.Backend")
def test_a_failing_mail_server_keeps_the_reminder_and_retries(supporter):
    from events.courses.tasks import send_expiry_reminder

    person = make_person("再送 待ち", "さいそう まち", "retry@example.org")
    grant = grant_qualification(person, supporter, on=date(2024, 1, 1))
    reminder = ExpiryReminder.objects.create(grant=grant, valid_until=grant.valid_until)
    assert send_expiry_reminder(reminder.pk) == "failed"
    reminder.refresh_from_db()
    assert reminder.sent_at is None and reminder.attempts == 1
    assert Schedule.objects.filter(name=reminder.retry_name).exists()
    assert reminder in ExpiryReminder.undelivered_queryset()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        assert send_expiry_reminder(reminder.pk) == "sent"
    assert mail.outbox[0].to == ["retry@example.org"]


def test_the_daily_schedule_exists_once():
    assert Schedule.objects.filter(name="courses-expiry-reminders").count() == 1


def test_public_figures_show_counts_and_no_names(client, supporter):
    from django.urls import reverse

    for n in range(3):
        grant_qualification(make_person(f"匿名 桜子{n}", "とくめい さくらこ"), supporter)
    page = client.get(reverse("courses:supporters")).content.decode()
    assert "つながりサポーター" in page
    assert "3" in page
    assert "桜子" not in page


def test_the_yearly_report_counts_courses_sessions_participants_completions(supporter, client):
    from django.contrib.auth.models import Permission
    from django.urls import reverse

    from events.courses.reports import fiscal_year, yearly_report

    from .conftest import make_course, make_user, sessions_of

    course = make_course(supporter, make_up_for=1)
    people = [make_person(f"報告{n}", f"ほうこく{n}") for n in range(3)]
    registrations = [services.enrol(course, p)[0] for p in people]
    for session in sessions_of(course)[0]:
        services.record_attendance(session, {r: ("present", "") for r in registrations[:2]})
    year = fiscal_year(timezone.localdate(course.event.starts_at))
    (row,) = yearly_report(year)
    assert (row["sessions"], row["make_ups"], row["participants"]) == (3, 1, 3)
    assert (row["completions"], row["granted"]) == (2, 2)
    # The platform's secretariat (an account in no platform's group sees no platform's).
    staff = staff_of(default_platform(), SECRETARIAT)
    client.force_login(staff)
    response = client.get(reverse("courses_report_csv") + f"?year={year}")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert "つながりサポーター養成講座" in body
    from tests.documents import xlsx_sheet

    sheet = xlsx_sheet(client.get(reverse("courses_report_xlsx") + f"?year={year}").content)
    course_row, total = sheet[2], sheet[3]
    assert course_row[1].value == "つながりサポーター養成講座"
    assert course_row[4].is_date and course_row[4].value.date() == row["starts"]
    assert [c.value for c in course_row[5:]] == [3, 1, 3, 2, 2]
    assert total[1].value == "合計" and total[9].value == 2
    assert client.get(reverse("courses_registry")).status_code == 200
    trainer = make_user("trainer", is_staff=True)
    trainer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(trainer)
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    for name in ("courses_report_csv", "courses_report_xlsx"):
        refused = client.get(reverse(name))
        assert refused.status_code in (302, 403)
        assert refused.get("Content-Type", "").startswith("text/html")


def test_the_yearly_report_costs_the_same_queries_for_one_or_three_courses(
    supporter, client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from events.courses.reports import fiscal_year

    from .conftest import make_course

    client.force_login(staff_of(default_platform(), SECRETARIAT))
    first = make_course(supporter)
    year = fiscal_year(timezone.localdate(first.event.starts_at))
    for name in ("courses_report_csv", "courses_report_xlsx"):
        with CaptureQueriesContext(connection) as one:
            client.get(reverse(name) + f"?year={year}")
        for _ in range(2):
            make_course(supporter)
        with django_assert_max_num_queries(len(one.captured_queries)):
            response = client.get(reverse(name) + f"?year={year}")
        assert response.status_code == 200
