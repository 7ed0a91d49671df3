"""What happens to the sign-ups of a shift when the shift itself changes: an editor cancels
it or gives it more places, a coordinator writes to everyone on it, the capacity core
promotes someone from its waitlist. And the retention hold: nobody is erased while they are
down for a shift still to come."""

from django.db import transaction
from django.utils import timezone

from cms.people.retention import register_hold
from events import capacity
from events.capacity import LIVE, Status
from volunteers.models import Shift, ShiftMessage, Volunteer
from volunteers.services import mails
from volunteers.services.mails import Kind


@transaction.atomic
def cancel_shift(shift, *, now=None):
    """Cancel a whole shift: everyone on it (or waiting for it) is cancelled, like every
    release of a place through the capacity core, and told (`notify_status_change`)."""
    now = now or timezone.now()
    shift = capacity.lock(shift)
    shift.cancelled_at = shift.cancelled_at or now
    shift.save(update_fields=["cancelled_at"])
    capacity.close(shift, now=now)
    return shift


def notify_status_change(signup, previous_status):
    """Called by the capacity core inside its transaction (`Shift.claim_changed`): a
    promotion off the waitlist gets "a place opened up", a sign-up cancelled because its
    shift is called off gets "shift cancelled"."""
    if previous_status == Status.WAITLISTED and signup.status == Status.CONFIRMED:
        kind = Kind.PLACE_OPENED
    elif (
        signup.status == Status.CANCELLED
        and Shift.objects.filter(pk=signup.shift_id, cancelled_at__isnull=False).exists()
    ):
        kind = Kind.SHIFT_CANCELLED
    else:
        return
    volunteer = Volunteer.objects.select_related("person").get(pk=signup.volunteer_id)
    mails.write(volunteer, kind, signup=signup)


@register_hold
def people_with_future_shifts(people):
    """Nobody is erased while they are down for a shift still to come."""
    return people.filter(
        volunteer__signups__status__in=LIVE,
        volunteer__signups__shift__ends_at__gt=timezone.now(),
    )


@transaction.atomic
def shift_edited(shift, *, now=None):
    """After an editor saved a shift: a cancellation cancels its sign-ups, more places go to
    the waitlist."""
    if shift.cancelled_at and shift.seat_claims().filter(status__in=LIVE).exists():
        return cancel_shift(shift, now=now)
    capacity.fill(shift, now=now)
    return shift


@transaction.atomic
def message_shift(shift, *, subject, body, sent_by=None):
    """Write to everyone on a shift or waiting for it: one outbox mail each, sent once."""
    shift = capacity.lock(shift)
    message = ShiftMessage.objects.create(shift=shift, subject=subject, body=body, sent_by=sent_by)
    signups = shift.seat_claims().filter(status__in=LIVE).select_related("volunteer__person")
    message.recipients = sum(
        mails.write(signup.volunteer, Kind.SHIFT_MESSAGE, signup=signup, shift_message=message)
        is not None
        for signup in signups
    )
    message.save(update_fields=["recipients"])
    return message
