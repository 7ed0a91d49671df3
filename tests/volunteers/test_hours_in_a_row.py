"""An opportunity's most hours in a row: shifts with short breaks between them are one
stretch, and a sign-up that would make the stretch too long is refused, naming the shifts."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.people.services import issue_token
from events.capacity import Status
from tests.volunteers.conftest import make_opportunity, make_role, make_volunteer
from volunteers import services
from volunteers.models import Shift, ShiftSignup
from volunteers.services import SignupError

pytestmark = pytest.mark.django_db


def at(opportunity, start, end, role="仕分け", **fields):
    """A shift three days from now from `start` to `end` o'clock (end may pass midnight)."""
    day = timezone.localdate() + timedelta(days=3)
    tz = timezone.get_current_timezone()
    starts = datetime.combine(day, datetime.min.time(), tzinfo=tz) + timedelta(hours=start)
    return Shift.objects.create(
        opportunity=opportunity,
        role=make_role(role),
        starts_at=starts,
        ends_at=starts + timedelta(hours=end - start),
        capacity=fields.pop("capacity", 5),
        **fields,
    )


def refusal(volunteer, shift):
    with pytest.raises(SignupError) as caught:
        services.sign_up(volunteer, shift)
    return caught.value.refusal


@pytest.fixture
def capped():
    return make_opportunity(max_hours_in_a_row=4, min_break_minutes=60)


def test_back_to_back_shifts_over_the_limit_are_refused_naming_them(capped, volunteer):
    services.sign_up(volunteer, at(capped, 9, 12, "受付"))
    afternoon = at(capped, 12.5, 14)  # a 30-minute break is no real break
    reason = refusal(volunteer, afternoon)
    assert reason.code == "too_many_hours"
    assert reason.params["hours"] == "5" and reason.params["most"] == 4
    assert "受付" in reason.message and " 9:00–12:00" in reason.message
    assert "最大4時間" in reason.message
    assert not ShiftSignup.objects.filter(shift=afternoon).exists()
    assert services.check(volunteer, afternoon).code == "too_many_hours"


def test_a_real_break_starts_a_new_stretch_and_the_limit_itself_is_allowed(capped, volunteer):
    services.sign_up(volunteer, at(capped, 9, 11))
    assert services.sign_up(volunteer, at(capped, 11.5, 13)).status == Status.CONFIRMED  # 4 h
    assert services.sign_up(volunteer, at(capped, 14, 17)).status == Status.CONFIRMED


def test_a_shift_that_bridges_two_others_counts_the_whole_stretch(capped, volunteer):
    services.sign_up(volunteer, at(capped, 8, 9.5, "受付"))
    services.sign_up(volunteer, at(capped, 11, 12.5, "調理"))
    reason = refusal(volunteer, at(capped, 9.75, 10.5))
    assert reason.params["hours"] == "4.5"
    assert "受付" in reason.message and "調理" in reason.message


def test_a_waitlisted_shift_counts_since_promotion_does_not_ask(capped, volunteer):
    full = at(capped, 9, 12, capacity=1)
    services.sign_up(make_volunteer(), full)
    assert services.sign_up(volunteer, full).status == Status.WAITLISTED
    assert refusal(volunteer, at(capped, 12, 14)).code == "too_many_hours"


def test_other_opportunities_and_no_limit_do_not_count(capped, volunteer):
    elsewhere = make_opportunity("地域食堂")
    services.sign_up(volunteer, at(elsewhere, 6, 9))
    services.sign_up(volunteer, at(capped, 9, 12))
    unlimited = make_opportunity("見守り", max_hours_in_a_row=None)
    services.sign_up(volunteer, at(unlimited, 12, 20))


def test_a_single_long_shift_is_the_coordinators_choice(capped, volunteer):
    assert services.sign_up(volunteer, at(capped, 9, 15)).status == Status.CONFIRMED


def test_staff_adding_someone_meet_the_limit_too(capped, volunteer, admin_user):
    services.sign_up(volunteer, at(capped, 9, 12))
    with pytest.raises(SignupError) as caught:
        services.sign_up(volunteer, at(capped, 12, 14), staff_user=admin_user)
    assert caught.value.refusal.code == "too_many_hours"


def test_the_list_says_why_for_each_shift(client, capped, volunteer):
    services.sign_up(volunteer, at(capped, 9, 12, "受付"))
    at(capped, 12, 14)
    url = reverse(
        "volunteers:my_shifts", kwargs={"token": issue_token(volunteer.person, "volunteer")}
    )
    body = client.get(url).content.decode()
    assert "連続5時間" in body


def test_the_limit_is_set_on_the_opportunity_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    opportunity = make_opportunity()
    url = reverse("wagtailsnippets_volunteers_volunteeropportunity:edit", args=[opportunity.pk])
    body = client.get(url).content.decode()
    assert 'name="max_hours_in_a_row"' in body and 'name="min_break_minutes"' in body
