"""Swapping out (engelsystem's lesson: a shift emptied late is worse than one never filled):

- A confirmed volunteer who can no longer come offers their place (`offer_swap`) at any
  time before the shift starts, also after cancelling has closed. Until someone takes it
  they stay on the shift, counted and reminded, so a late swap never leaves it short.
- If people are waiting for the shift, the first in line gets the place at once, as with a
  cancellation; the one who offered is free.
- Otherwise the place shows in the list of shifts. The next volunteer who signs up for that
  shift takes over the oldest offered place (before any free one: the one who offered is
  not coming, so replacing them is what the shift needs), under the same locks and rules as
  any sign-up: capacity, clashes, qualification, hours in a row (`signup.sign_up` calls
  `release_offered_place` and `hand_over`).
- The one who offered may withdraw the offer while nobody has taken it, or cancel outright
  while cancelling is open. Coordinators see pending offers and handovers on the roster.
- Mails: the offer is acknowledged; when the place is passed on, the one who offered is told
  they are free, and the one who took it is told it is theirs.
"""

from django.db import transaction
from django.utils import timezone

from events import capacity
from events.capacity import HOLDING, Status
from volunteers.models import ShiftSignup, Volunteer
from volunteers.services import mails
from volunteers.services.mails import Kind
from volunteers.services.refusals import SignupError


def swap_refusal(signup, *, now=None):
    """Why this sign-up's place cannot be offered for swap now, or None."""
    now = now or timezone.now()
    if signup.status == Status.WAITLISTED:
        return SignupError("swap_waitlisted")
    if signup.status != Status.CONFIRMED or signup.no_show:
        return SignupError("not_allowed")
    if signup.shift.cancelled_at:
        return SignupError("cancelled")
    if now >= signup.shift.starts_at:
        return SignupError("ended")
    if signup.swap_offered_at is not None:
        return SignupError("swap_already")
    return None


def _lock_signup(signup):
    """Lock in the order of the package: the volunteer, the shift, the sign-up."""
    Volunteer.objects.select_for_update(no_key=True).get(pk=signup.volunteer_id)
    shift = capacity.lock(signup.shift)
    signup = (
        ShiftSignup.objects.select_for_update(of=("self",))
        .select_related("shift__opportunity", "volunteer__person")
        .get(pk=signup.pk)
    )
    return shift, signup


@transaction.atomic
def offer_swap(signup, *, now=None):
    """The volunteer cannot come and offers their place: the first in line gets it at once;
    with nobody waiting, the place is offered in the list of shifts and the volunteer stays
    on the shift until someone takes it (see the module's rules)."""
    now = now or timezone.now()
    shift, signup = _lock_signup(signup)
    refusal = swap_refusal(signup, now=now)
    if refusal:
        raise refusal
    signup.swap_offered_at = now
    signup.save(update_fields=["swap_offered_at"])
    first = shift.seat_claims().filter(status=Status.WAITLISTED).order_by("queued_at", "pk").first()
    if first is None:
        mails.write(signup.volunteer, Kind.SWAP_OFFERED, signup=signup)
        return signup
    signup = capacity.release(shift, signup, now=now)
    first.refresh_from_db()
    if first.status in HOLDING:
        signup.handed_over_to = first
        signup.save(update_fields=["handed_over_to"])
    mails.write(signup.volunteer, Kind.HANDED_OVER, signup=signup)
    return signup


@transaction.atomic
def withdraw_swap(signup, *, now=None):
    """The volunteer can come after all: the offer ends, they stay on the shift."""
    _shift, signup = _lock_signup(signup)
    if signup.handed_over_to_id is not None:
        raise SignupError("swap_taken")
    if not signup.swap_pending:
        raise SignupError("swap_none")
    signup.swap_offered_at = None
    signup.save(update_fields=["swap_offered_at"])
    return signup


def takes_over(shift):
    """Whether a newcomer signing up for this shift (with its places counted) takes over a
    place offered for swap: there is one, and nobody waits (the first in line would have
    got it)."""
    return shift.offered > 0 and not shift.waiting


def release_offered_place(shift, *, now):
    """For a newcomer signing up for `shift` (locked, with its places counted): free the
    oldest place offered for swap, so that the capacity rules give it to the newcomer. None
    when there is none to take over, or when people wait (the offer went to them)."""
    if not takes_over(shift):
        return None
    offered = (
        shift.seat_claims()
        .select_for_update()
        .filter(status=Status.CONFIRMED, swap_offered_at__isnull=False)
        .order_by("swap_offered_at", "pk")
        .first()
    )
    if offered is None:
        return None
    return capacity.release(shift, offered, now=now)


def hand_over(offered, signup, volunteer):
    """`volunteer`'s `signup` took the place `offered`: record it and tell them both."""
    offered.handed_over_to = signup
    offered.save(update_fields=["handed_over_to"])
    mails.write(offered.volunteer, Kind.HANDED_OVER, signup=offered)
    mails.write(volunteer, Kind.TOOK_OVER, signup=signup)
