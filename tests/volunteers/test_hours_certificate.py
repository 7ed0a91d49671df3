"""The volunteer-hours certificate: confirmed hours only, per shift and in all, in the
volunteer's language, from their private page (never cached) or a coordinator's roster."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.core.era import era_date_ja
from cms.core.models import ExportLog
from cms.people.services import issue_token, revoke_tokens
from events.capacity import Status
from tests.documents import pdf_fonts, pdf_text
from tests.roles import coordinator, member_editor, trainer
from tests.volunteers.conftest import make_opportunity, make_role, make_shift, make_volunteer
from volunteers import services
from volunteers.models import ShiftSignup

pytestmark = pytest.mark.django_db


def worked(volunteer, shift, minutes_in=0, minutes_out=0):
    """A past shift the coordinator checked in and out."""
    signup = ShiftSignup.objects.create(shift=shift, volunteer=volunteer, status=Status.CONFIRMED)
    services.record_attendance(
        signup,
        checked_in_at=shift.starts_at + timedelta(minutes=minutes_in),
        checked_out_at=shift.ends_at + timedelta(minutes=minutes_out),
    )
    return signup


@pytest.fixture
def history():
    """Two confirmed shifts (3 h and 2.75 h), one checked in without check-out, one no-show,
    one cancelled and one still to come."""
    volunteer = make_volunteer(name="飯山 花子")
    opportunity = make_opportunity("フードドライブ仕分け")
    sorting = make_role("仕分け")
    first = make_shift(opportunity, sorting, hours=-24 * 30, length=3)
    second = make_shift(opportunity, make_role("受付"), hours=-24 * 10, length=3)
    worked(volunteer, first)
    worked(volunteer, second, minutes_out=-15)
    open_ended = ShiftSignup.objects.create(
        shift=make_shift(opportunity, sorting, hours=-24 * 5),
        volunteer=volunteer,
        status="confirmed",
    )
    services.record_attendance(open_ended, checked_in_at=open_ended.shift.starts_at)
    no_show = ShiftSignup.objects.create(
        shift=make_shift(opportunity, sorting, hours=-24 * 4),
        volunteer=volunteer,
        status="confirmed",
    )
    services.mark_no_show(no_show)
    ShiftSignup.objects.create(
        shift=make_shift(opportunity, sorting, hours=-24 * 3),
        volunteer=volunteer,
        status="cancelled",
    )
    services.sign_up(volunteer, make_shift(opportunity, sorting, hours=48))
    return volunteer, opportunity, first, second


def my_url(token):
    return reverse("volunteers:hours_certificate", kwargs={"token": token})


def test_the_certificate_lists_confirmed_hours_only_with_the_total(client, history):
    volunteer, _opportunity, first, second = history
    token = issue_token(volunteer.person, services.MY_PAGE)
    response = client.get(my_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert "ボランティア活動証明書" in text
    assert "飯山花子様" in text
    for shift in (first, second):
        day = timezone.localtime(shift.starts_at)
        assert f"{day.year}年{day.month}月{day.day}日" in text
    assert "仕分け–フードドライブ仕分け" in text and "受付–フードドライブ仕分け" in text
    assert "2.75" in text and "5.75時間" in text  # 3 + 2.75, and nothing else
    assert text.count("フードドライブ仕分け") == 2  # the open, no-show, cancelled, future: no
    today = timezone.localdate()
    assert f"発行日：{era_date_ja(today)}" in text  # 令和8年12月7日
    fonts = pdf_fonts(response.content)
    assert fonts and all(fonts.values())


def test_the_certificate_is_in_the_volunteers_language(client, history):
    volunteer = history[0]
    volunteer.person.language = "en"
    volunteer.person.save()
    text = pdf_text(client.get(my_url(issue_token(volunteer.person, services.MY_PAGE))).content)
    assert "Certificateofvolunteerhours" in text and "Dateofissue" in text
    assert "5.75hours" in text


def test_my_page_offers_the_certificate_once_there_are_confirmed_hours(client, history):
    volunteer = history[0]
    token = issue_token(volunteer.person, services.MY_PAGE)
    page = client.get(reverse("volunteers:my_page", kwargs={"token": token})).content.decode()
    assert my_url(token) in page
    newcomer = make_volunteer(name="新人")
    token = issue_token(newcomer.person, services.MY_PAGE)
    page = client.get(reverse("volunteers:my_page", kwargs={"token": token})).content.decode()
    assert "hours.pdf" not in page


def test_a_wrong_or_revoked_link_gives_no_certificate(client, history):
    volunteer = history[0]
    assert client.get(my_url("not-a-token")).status_code == 404
    calendar = issue_token(volunteer.person, services.CALENDAR)
    assert client.get(my_url(calendar)).status_code == 404  # a token for another purpose
    token = issue_token(volunteer.person, services.MY_PAGE)
    revoke_tokens(volunteer.person, services.MY_PAGE)
    response = client.get(my_url(token))
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_coordinator_downloads_it_from_the_roster_and_it_is_logged(client, history):
    volunteer, opportunity, *_ = history
    url = reverse("volunteers_admin:hours_certificate", args=[opportunity.pk, volunteer.pk])
    client.force_login(coordinator())
    roster = client.get(reverse("volunteers_admin:roster", args=[opportunity.pk]))
    assert url in roster.content.decode()
    response = client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "飯山花子様" in pdf_text(response.content)
    log = ExportLog.objects.get(action=ExportLog.Action.EXPORT)
    assert (log.kind, log.target, log.rows) == ("hours certificate", opportunity, 2)
    seen = ExportLog.objects.get(action=ExportLog.Action.VIEW)
    assert (seen.kind, seen.target, seen.user.username) == ("roster", opportunity, "coordinator")
    # Only a volunteer on this roster.
    stranger = make_volunteer(name="他の人")
    other = reverse("volunteers_admin:hours_certificate", args=[opportunity.pk, stranger.pk])
    assert client.get(other).status_code == 404


def test_other_roles_cannot_download_a_volunteers_certificate(client, history):
    volunteer, opportunity, *_ = history
    url = reverse("volunteers_admin:hours_certificate", args=[opportunity.pk, volunteer.pk])
    assert "/login/" in client.get(url)["Location"]
    for user in (member_editor(), trainer()):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert response.get("Content-Type", "") != "application/pdf"
    assert not ExportLog.objects.exists()
