"""Showing up: the coordinators check volunteers in and out (their hours, to the quarter
hour, are what the hours certificate shows) or mark them as no-shows."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from events import capacity
from events.capacity import Status
from volunteers.models import ShiftSignup, worked_hours
from volunteers.services.refusals import SignupError


def resolve_times(shift, in_time, out_time):
    """Aware datetimes for clock times on the shift's day: a check-out earlier than the
    check-in is on the next day (a night shift)."""
    day = timezone.localtime(shift.starts_at).date()
    tz = timezone.get_current_timezone()
    checked_in = datetime.combine(day, in_time, tzinfo=tz)
    checked_out = None
    if out_time is not None:
        checked_out = datetime.combine(day, out_time, tzinfo=tz)
        if checked_out <= checked_in:
            checked_out += timedelta(days=1)
    return checked_in, checked_out


@transaction.atomic
def record_attendance(signup, *, checked_in_at, checked_out_at=None, now=None):
    """Check a volunteer in (and out): they attended, and their hours are counted. An offer
    to swap ends: they came."""
    now = now or timezone.now()
    capacity.lock(signup.shift)
    signup = ShiftSignup.objects.select_for_update().get(pk=signup.pk)
    if signup.status == Status.CONFIRMED:
        signup.move_to(Status.ATTENDED, now)
    elif signup.status != Status.ATTENDED:
        raise SignupError("not_allowed")
    signup.checked_in_at = checked_in_at
    signup.checked_out_at = checked_out_at
    signup.hours = worked_hours(checked_in_at, checked_out_at)
    signup.no_show = False
    signup.swap_offered_at = None
    signup.save()
    return signup


@transaction.atomic
def mark_no_show(signup, *, now=None):
    """They did not come: the place stays counted (it was promised), no hours."""
    signup = ShiftSignup.objects.select_for_update().get(pk=signup.pk)
    if signup.status == Status.ATTENDED:
        signup.move_to(Status.CONFIRMED, now)
    elif signup.status != Status.CONFIRMED:
        raise SignupError("not_allowed")
    signup.no_show = True
    signup.checked_in_at = signup.checked_out_at = signup.hours = None
    signup.save()
    return signup
