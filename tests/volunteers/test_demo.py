import io

from django.core.management import call_command
from django.urls import reverse

from events.capacity import Status
from volunteers.models import Shift, ShiftSignup, VolunteerOpportunity
from volunteers.services import annotate_places


def test_the_demo_has_full_short_and_open_shifts_and_loads_twice_the_same(demo, client):
    shifts = list(annotate_places(Shift.objects.all()))
    assert any(s.held >= s.capacity and s.waiting for s in shifts)  # full, with a waitlist
    assert any(0 < s.held < s.min_people for s in shifts)  # short
    assert any(s.held == 0 for s in shifts)  # open
    assert sum(s.offered for s in shifts) == 1  # a place offered for swap
    assert VolunteerOpportunity.objects.filter(max_hours_in_a_row__isnull=False).exists()
    symposium = VolunteerOpportunity.objects.get(
        event__slug="symposium", locale__language_code="ja"
    )
    assert symposium.get_translations().get().title == "Helping on the day of the symposium"
    before = (Shift.objects.count(), ShiftSignup.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Shift.objects.count(), ShiftSignup.objects.count()) == before
    assert ShiftSignup.objects.filter(status=Status.WAITLISTED).count() == 1
    body = client.get(reverse("volunteers:shifts")).content.decode()
    assert "受付" in body and "キャンセル待ちに登録できます" in body
    english = client.get("/en/volunteers/").content.decode()
    assert "Reception" in english and "Food drive" in english
