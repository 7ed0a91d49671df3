"""Supporter registry extras: expiring-soon reminders (idempotent), public figures, the yearly
figures of courses (a section of the yearly report)."""

import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_q.models import Schedule
from openpyxl import load_workbook

from cms.people.services import grant_qualification
from events.courses import queries, services
from events.courses.models import ExpiryReminder
from tests.platforms import default_platform

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
    from django.urls import reverse

    from events.courses.reports import fiscal_year, yearly_report, yearly_report_table

    from .conftest import make_course, sessions_of

    course = make_course(supporter, make_up_for=1)
    people = [make_person(f"報告{n}", f"ほうこく{n}") for n in range(3)]
    registrations = [services.enrol(course, p)[0] for p in people]
    for session in sessions_of(course)[0]:
        services.record_attendance(session, {r: ("present", "") for r in registrations[:2]})
    year = fiscal_year(timezone.localdate(course.event.starts_at))
    (row,) = yearly_report(year)
    assert (row["sessions"], row["make_ups"], row["participants"]) == (3, 1, 3)
    assert (row["completions"], row["granted"]) == (2, 2)
    _header, table = yearly_report_table(year)
    course_row, total = table
    assert course_row[1] == "つながりサポーター養成講座" and course_row[4] == row["starts"]
    assert course_row[5:] == [3, 1, 3, 2, 2]
    assert total[1] == "合計" and total[9] == 2
    # The table is the "courses" section of the yearly report, in its workbook.
    from tests.roles import secretariat
    from tests.roles import trainer as a_trainer

    client.force_login(secretariat())
    response = client.get(reverse("yearly_report_xlsx") + f"?year={year}")
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in book.worksheets for r in sheet.iter_rows(values_only=True) for c in r]
    assert "つながりサポーター養成講座" in cells
    assert client.get(reverse("courses_registry")).status_code == 200
    client.force_login(a_trainer())
    for name in ("yearly_report", "yearly_report_xlsx", "yearly_report_pdf"):
        refused = client.get(reverse(name))
        assert refused.status_code in (302, 403)  # Wagtail: back to the dashboard
        assert refused.get("Content-Type", "").startswith("text/html")


def test_the_courses_section_costs_the_same_queries_for_one_or_three_courses(supporter):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.core.yearly import Scope
    from events.courses.reports import fiscal_year
    from events.courses.yearly import courses_section

    from .conftest import make_course

    first = make_course(supporter)
    scope = Scope(fiscal_year(timezone.localdate(first.event.starts_at)), (default_platform().pk,))
    courses_section(scope)  # the platform map cached
    with CaptureQueriesContext(connection) as one:
        courses_section(scope)
    for _ in range(2):
        make_course(supporter)
    with CaptureQueriesContext(connection) as three:
        section = courses_section(scope)
    assert len(three) == len(one)
    assert len(section.tables[0].rows) == 4  # three courses and the total
