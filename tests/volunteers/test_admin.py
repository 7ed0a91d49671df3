from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cms.core.models import ExportLog
from events.capacity import Status
from tests.volunteers.conftest import make_opportunity, make_shift, make_volunteer
from volunteers import services
from volunteers.models import ShiftSignup, Volunteer

pytestmark = pytest.mark.django_db


def roster_url(opportunity, name="roster"):
    return reverse(f"volunteers_admin:{name}", args=[opportunity.pk])


def test_an_editor_without_the_permission_sees_no_roster(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    opportunity = make_opportunity()
    for url in (roster_url(opportunity), roster_url(opportunity, "export")):
        assert client.get(url).status_code in (302, 403)
    assert not ExportLog.objects.exists()


def test_the_roster_marks_short_shifts_and_shows_who_comes(client, coordinator):
    opportunity = make_opportunity()
    short = make_shift(opportunity, min_people=2, capacity=3)
    enough = make_shift(opportunity, min_people=1, capacity=1, hours=72)
    services.sign_up(make_volunteer(name="鳥取 一郎"), short)
    services.sign_up(make_volunteer(name="米子 二郎"), enough)
    body = client.get(roster_url(opportunity)).content.decode()
    assert body.count('class="roster-shift roster-short"') == 1
    assert "鳥取 一郎" in body and "米子 二郎" in body
    day = short.starts_at.astimezone().date().isoformat()
    one_day = client.get(roster_url(opportunity), {"date": day}).content.decode()
    assert "鳥取 一郎" in one_day and "米子 二郎" not in one_day


def test_check_in_and_out_across_midnight_records_hours(client, coordinator):
    opportunity = make_opportunity()
    shift = make_shift(opportunity, hours=30)
    signup = services.sign_up(make_volunteer(), shift)
    client.post(
        roster_url(opportunity),
        {
            "signup": signup.pk,
            "action": "attendance",
            "checked_in": "21:45",
            "checked_out": "01:15",
        },
    )
    signup.refresh_from_db()
    assert signup.status == Status.ATTENDED
    assert signup.hours == Decimal("3.50")
    assert signup.checked_out_at - signup.checked_in_at == timedelta(hours=3, minutes=30)
    client.post(roster_url(opportunity), {"signup": signup.pk, "action": "no_show"})
    signup.refresh_from_db()
    assert signup.no_show and signup.hours is None


def test_bad_attendance_input_says_so_and_changes_nothing(client, coordinator):
    opportunity = make_opportunity()
    signup = services.sign_up(make_volunteer(), make_shift(opportunity))
    response = client.post(
        roster_url(opportunity),
        {"signup": signup.pk, "action": "attendance", "checked_in": "25:99"},
        follow=True,
    )
    assert response.status_code == 200
    signup.refresh_from_db()
    assert signup.status == Status.CONFIRMED and signup.hours is None


def test_a_coordinator_adds_someone_who_phoned_even_before_sign_up_opens(client, coordinator):
    opportunity = make_opportunity(signup_opens_days=3)
    shift = make_shift(opportunity, hours=24 * 10)
    response = client.post(
        roster_url(opportunity),
        {"action": "add", "shift": shift.pk, "name": "電話 太郎", "phone": "0857-22-0000"},
        follow=True,
    )
    assert response.status_code == 200
    volunteer = Volunteer.objects.get(person__name="電話 太郎")
    assert volunteer.created_by == coordinator
    assert ShiftSignup.objects.get(volunteer=volunteer).status == Status.CONFIRMED


def test_the_csv_has_a_bom_defuses_formulas_and_is_logged(client, coordinator):
    opportunity = make_opportunity()
    services.sign_up(make_volunteer(name="=HYPERLINK()"), make_shift(opportunity))
    response = client.get(roster_url(opportunity, "export"))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert "'=HYPERLINK()" in text
    log = ExportLog.objects.get()
    assert log.user == coordinator and log.rows == 1


def test_editing_a_shift_to_more_places_promotes_the_waitlist(client, admin_user):
    client.force_login(admin_user)
    opportunity = make_opportunity()
    shift = make_shift(opportunity, capacity=1)
    services.sign_up(make_volunteer(), shift)
    waiting = services.sign_up(make_volunteer(), shift)
    shift.capacity = 2
    shift.save()
    services.shift_edited(shift)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    shift.cancelled_at = shift.starts_at - timedelta(days=1)
    shift.save()
    services.shift_edited(shift)
    assert not ShiftSignup.objects.filter(shift=shift, status__in=[Status.CONFIRMED]).exists()


def test_the_admin_snippets_and_roster_index_open(client, admin_user):
    client.force_login(admin_user)
    make_shift(make_opportunity())
    assert client.get(reverse("volunteers_admin:index")).status_code == 200
    for model in ("volunteeropportunity", "role", "shift", "volunteer"):
        assert client.get(reverse(f"wagtailsnippets_volunteers_{model}:list")).status_code == 200


def test_editing_a_shift_in_the_admin_applies_the_waitlist_rules(client, admin_user):
    client.force_login(admin_user)
    shift = make_shift(make_opportunity(), capacity=1)
    services.sign_up(make_volunteer(), shift)
    waiting = services.sign_up(make_volunteer(), shift)
    local = shift.starts_at.astimezone()
    ends = shift.ends_at.astimezone()
    response = client.post(
        reverse("wagtailsnippets_volunteers_shift:edit", args=[shift.pk]),
        {
            "opportunity": shift.opportunity_id,
            "role": shift.role_id,
            "starts_at": local.strftime("%Y-%m-%d %H:%M"),
            "ends_at": ends.strftime("%Y-%m-%d %H:%M"),
            "place": "",
            "min_people": 1,
            "capacity": 2,
            "cancelled_at": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_the_volunteer_snippet_opens_for_editing(client, admin_user):
    client.force_login(admin_user)
    volunteer = make_volunteer()
    url = reverse("wagtailsnippets_volunteers_volunteer:edit", args=[volunteer.pk])
    assert client.get(url).status_code == 200


def test_a_coordinator_writes_to_everyone_on_a_shift_once(client, coordinator, run):
    from django.core import mail

    from volunteers.models import ShiftMessage, VolunteerMail
    from volunteers.tasks import deliver_mail

    opportunity = make_opportunity()
    shift = make_shift(opportunity, capacity=1)
    services.sign_up(make_volunteer(), shift)
    services.sign_up(make_volunteer(), shift)
    services.sign_up(make_volunteer(), make_shift(opportunity, hours=100))
    run(
        client.post,
        roster_url(opportunity),
        {
            "action": "message",
            "shift": shift.pk,
            "subject": "軍手をお持ちください",
            "body": "裏口集合",
        },
    )
    assert len(mail.outbox) == 2
    assert all(m.subject.startswith("軍手をお持ちください") for m in mail.outbox)
    assert "裏口集合" in mail.outbox[0].body
    message = ShiftMessage.objects.get()
    assert message.recipients == 2 and message.sent_by == coordinator
    for sent in VolunteerMail.objects.filter(shift_message=message):
        assert deliver_mail(sent.pk) == "already sent"
    assert len(mail.outbox) == 2
    response = client.post(
        roster_url(opportunity),
        {"action": "message", "shift": shift.pk, "subject": ""},
        follow=True,
    )
    assert response.status_code == 200 and ShiftMessage.objects.count() == 1


def test_the_roster_workbook_has_dates_times_and_hours_as_numbers(client, coordinator):
    from datetime import date, time

    from django.utils import timezone

    from tests.documents import xlsx_sheet

    opportunity = make_opportunity()
    shift = make_shift(opportunity, hours=30)
    signup = services.sign_up(make_volunteer(name="@鳥取 花子"), shift)
    services.record_attendance(
        signup, checked_in_at=shift.starts_at, checked_out_at=shift.starts_at + timedelta(hours=2.5)
    )
    response = client.get(roster_url(opportunity, "export_xlsx"))
    sheet = xlsx_sheet(response.content)
    day, starts, _ends, role, _status, name, *_contact, hours, no_show = sheet[2]
    local = timezone.localtime(shift.starts_at)
    assert day.value.date() == local.date() and day.is_date and isinstance(local.date(), date)
    assert isinstance(starts.value, time) and starts.number_format == "hh:mm"
    assert (starts.value.hour, starts.value.minute) == (local.hour, local.minute)
    assert role.value == "仕分け"
    assert name.value == "@鳥取 花子" and name.quotePrefix
    assert hours.value == 2.5 and hours.data_type == "n"
    assert no_show.value is None
    assert ExportLog.objects.get().rows == 1


def test_the_roster_export_costs_the_same_queries_for_one_or_ten_sign_ups(
    client, coordinator, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, large = make_opportunity("小"), make_opportunity("大")
    services.sign_up(make_volunteer(), make_shift(small))
    for n in range(10):
        services.sign_up(make_volunteer(), make_shift(large, hours=48 + 4 * n))
    for name in ("export", "export_xlsx"):
        with CaptureQueriesContext(connection) as few:
            client.get(roster_url(small, name))
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(roster_url(large, name))


def test_only_coordinators_and_the_secretariat_export_the_roster(client):
    from tests.roles import coordinator as make_coordinator
    from tests.roles import editor, member_editor, moderator, secretariat, trainer

    opportunity = make_opportunity()
    services.sign_up(make_volunteer(), make_shift(opportunity))
    urls = [roster_url(opportunity, name) for name in ("export", "export_xlsx")]
    for url in urls:
        assert "/login/" in client.get(url)["Location"]
    # Editing pages (even all of them) is not running rosters.
    for user in (member_editor(), trainer(), editor(), moderator()):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in (302, 403)
    assert not ExportLog.objects.exists()
    for user in (make_coordinator("another-coordinator"), secretariat()):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [200, 200]
    assert ExportLog.objects.count() == 4
