"""Seats and waitlists: the one piece of code that decides who gets a place.

Events, volunteer shifts and supporter courses all have a row that holds a number of places
(a *pool*: an event's quota, a shift, a course) and rows that claim some of those places (a
*claim*: a registration, a shift sign-up, an enrolment). This module is the whole rule set;
an app applies it by

1. giving its claim model the fields of `SeatClaim` (inherit the abstract model),
2. giving its pool model the fields of `SeatPool` and implementing its three hooks
   (`seat_claims`, `waitlist_policy`, `claim_changed`), and
3. calling `claim_seats`, `change_seats`, `release`, `accept_offer`, `expire_offers`,
   `set_capacity`, `fill` and `close` from its own services, inside its own transaction if it has one (each of them is
   atomic and locks the pool row first, so nested in an outer transaction it simply joins it).

The rules (FIELD_NOTES "Registration and capacity"):
- Capacity is checked under a row lock on the pool (`select_for_update`; on SQLite the
  IMMEDIATE transaction serialises writers), on every path. Staff may go beyond it only with an
  explicit override reason, which is stored on the claim.
- A claim holds `seats` places (1 + companions). Confirmed, offered and attended claims hold
  their seats; waitlisted ones do not.
- Newcomers never overtake the waitlist: while anyone waits, a new claim waits too.
- When seats free up (a cancellation, a smaller party, a larger capacity, an expired or
  declined offer) the waitlist is walked in order of `queued_at`; the first whose party fits
  is promoted, then the next that fits, until nothing fits. Promotion is automatic or a
  time-limited offer, as the pool's policy says, and never happens once the pool has started.
- Leaving the waitlist, declining an offer and cancelling are all `release`; a released claim
  can claim again and queues at the back (event registrations make a new claim instead, so
  that the ended one stays as it was).

State machine (`Status`):

    (new) ─┬─> confirmed ──> attended
           └─> waitlisted ─┬─> confirmed                (automatic promotion)
                           └─> offered ─┬─> confirmed   (offer accepted)
                                        ├─> declined
                                        └─> expired
    confirmed / waitlisted / offered ──> cancelled
    cancelled / declined / expired ──> confirmed | waitlisted   (claiming again)
    attended ──> confirmed                                      (check-in undone)
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.errors import Refusal


class Status(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    OFFERED = "offered", _("Place offered")
    ATTENDED = "attended", _("Attended")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Offer declined")
    EXPIRED = "expired", _("Offer expired")


#: Claims in these states occupy places of the pool.
HOLDING = (Status.CONFIRMED, Status.OFFERED, Status.ATTENDED)
#: Claims in these states are over; the person may claim again.
ENDED = (Status.CANCELLED, Status.DECLINED, Status.EXPIRED)
#: Claims in these states are live (one per person and pool at most).
LIVE = (*HOLDING, Status.WAITLISTED)

TRANSITIONS = {
    None: {Status.CONFIRMED, Status.WAITLISTED},
    Status.WAITLISTED: {Status.CONFIRMED, Status.OFFERED, Status.CANCELLED},
    Status.OFFERED: {Status.CONFIRMED, Status.DECLINED, Status.EXPIRED, Status.CANCELLED},
    Status.CONFIRMED: {Status.ATTENDED, Status.CANCELLED},
    Status.ATTENDED: {Status.CONFIRMED},
    Status.CANCELLED: {Status.CONFIRMED, Status.WAITLISTED},
    Status.DECLINED: {Status.CONFIRMED, Status.WAITLISTED},
    Status.EXPIRED: {Status.CONFIRMED, Status.WAITLISTED},
}


class CapacityError(Refusal):
    """A claim that cannot be made or changed; the code says why, and the registration or
    sign-up that asked passes it on in its own words."""

    FULL = "full"
    NOT_ALLOWED = "not_allowed"
    TOO_MANY_SEATS = "too_many_seats"


@dataclass(frozen=True)
class WaitlistPolicy:
    """How a pool treats people who do not fit.

    enabled: whether people may wait at all (otherwise a full pool refuses).
    offer_period: None to confirm the next in line at once; a duration to offer them the
        place for that long instead (they accept, decline or let it expire).
    closes_at: nobody is promoted or offered a place from this moment (the start).
    """

    enabled: bool = True
    offer_period: timedelta | None = None
    closes_at: datetime | None = None


class SeatPool(models.Model):
    """A row that holds places. `capacity` None means unlimited."""

    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )

    class Meta:
        abstract = True

    def seat_claims(self):
        """The claims competing for this pool's places (a queryset of a SeatClaim model)."""
        raise NotImplementedError

    def waitlist_policy(self):
        return WaitlistPolicy()

    def claim_changed(self, claim, previous_status):
        """Called inside the transaction after a claim changed state, e.g. to queue a mail
        (the app should use transaction.on_commit or an outbox row written here)."""


class SeatClaim(models.Model):
    """A claim on places of a pool: who waits or holds how many seats, since when."""

    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    queued_at = models.DateTimeField(
        _("in line since"),
        null=True,
        blank=True,
        help_text=_("Order on the waitlist: the earliest goes first."),
    )
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    override_reason = models.CharField(
        _("reason for going beyond capacity"), max_length=200, blank=True
    )

    class Meta:
        abstract = True

    @property
    def holds_seats(self):
        return self.status in HOLDING

    def move_to(self, status, now=None):
        """Change state, or raise CapacityError(NOT_ALLOWED) for a transition the machine has
        no arrow for. Saving is the caller's business."""
        previous = self.status or None
        if status not in TRANSITIONS[previous]:
            raise CapacityError(CapacityError.NOT_ALLOWED, change=f"{previous} -> {status}")
        self.status = status
        self.status_changed_at = now or timezone.now()
        if status != Status.OFFERED:
            self.offer_expires_at = None
        return previous


def lock(pool):
    """The pool row, re-read under a row lock (held until the transaction ends)."""
    return type(pool)._default_manager.select_for_update().get(pk=pool.pk)


def seats_held(pool, exclude=None):
    claims = pool.seat_claims().filter(status__in=HOLDING)
    if exclude is not None and exclude.pk:
        claims = claims.exclude(pk=exclude.pk)
    return claims.aggregate(total=Sum("seats"))["total"] or 0


def seats_left(capacity, held):
    """Places left of `capacity` when `held` seats are taken, never below 0; None when the
    capacity is None (unlimited). The one statement of "how many seats are left": pages and
    lists that counted `held` themselves ask it here."""
    if capacity is None:
        return None
    return max(capacity - held, 0)


def seats_free(pool, exclude=None):
    """Places left, or None when the pool is unlimited. Call with the pool locked."""
    if pool.capacity is None:
        return None
    return seats_left(pool.capacity, seats_held(pool, exclude))


def is_full(capacity, held, waiting=0):
    """Whether a newcomer would have to wait: no place is left, or someone already waits
    (newcomers never overtake the waitlist)."""
    return capacity is not None and (held >= capacity or waiting > 0)


def in_line(count, free, *, waiting, now):
    """(status, queued_at) for `count` newcomers arriving together, in the order given, when
    `free` places are left (None: unlimited) and `waiting` says whether anyone already waits:
    the first take the free places unless someone waits (newcomers never overtake the
    waitlist), the rest join the waitlist one after another, since a waitlist is ordered by
    queued_at and equal times would tie. The bulk services' rule (register_many,
    sign_up_many); the caller refuses when it has no waitlist and someone would wait."""
    confirmed = count if free is None else min(0 if waiting else free, count)
    return [
        (Status.CONFIRMED, None)
        if n < confirmed
        else (Status.WAITLISTED, now + timedelta(microseconds=n))
        for n in range(count)
    ]


def _save(pool, claim, status, now):
    previous = claim.move_to(status, now)
    claim.save()
    pool.claim_changed(claim, previous)
    return claim


@transaction.atomic
def claim_seats(pool, claim, *, override_reason="", now=None):
    """Make claim (new or ended, with `seats` set) confirmed if its seats are free and nobody
    waits, waitlisted if the policy allows, or raise CapacityError(FULL).

    A non-empty override_reason (staff only; the caller checks who) confirms beyond capacity
    and is stored on the claim."""
    now = now or timezone.now()
    pool = lock(pool)
    policy = pool.waitlist_policy()
    free, fits = _fits(pool, claim.seats, claim)
    claim.override_reason = ""
    if fits or override_reason:
        if not fits:
            claim.override_reason = override_reason[:200]
        return _save(pool, claim, Status.CONFIRMED, now)
    if not policy.enabled:
        raise CapacityError(CapacityError.FULL)
    claim.queued_at = now
    _save(pool, claim, Status.WAITLISTED, now)
    # Those ahead may be parties too large for what is free; a smaller newcomer then gets the
    # places, in line order, rather than leaving them empty.
    if free:
        fill(pool, now=now)
        claim.refresh_from_db()
    return claim


def _fits(pool, seats, claim=None):
    """(places free or None, whether `seats` more fit now): they fit when free and nobody
    but `claim` waits (newcomers never overtake the waitlist)."""
    free = seats_free(pool, exclude=claim)
    someone_waits = pool.seat_claims().filter(status=Status.WAITLISTED)
    if claim is not None and claim.pk:
        someone_waits = someone_waits.exclude(pk=claim.pk)
    return free, free is None or (seats <= free and not someone_waits.exists())


@transaction.atomic
def newcomer_refusal(pool, seats):
    """The CapacityError that `claim_seats` would raise now for a new claim of `seats`, or
    None when it would be confirmed or waitlisted. For an answer that must not differ whether
    or not the asker already holds a claim (the public registration form)."""
    pool = lock(pool)
    if _fits(pool, seats)[1] or pool.waitlist_policy().enabled:
        return None
    return CapacityError(CapacityError.FULL)


@transaction.atomic
def newcomer_fits(pool, seats):
    """Whether a new claim of `seats` would be confirmed now (rather than wait or be refused):
    what the public form's answer to a known address must match."""
    return _fits(lock(pool), seats)[1]


@transaction.atomic
def change_seats(pool, claim, seats, *, now=None):
    """Change the size of a party. A confirmed party may grow only into free places (and only
    when nobody waits); a waiting party keeps its place in line. Shrinking frees places."""
    pool = lock(pool)
    claim = type(claim)._default_manager.select_for_update().get(pk=claim.pk)
    if claim.status in HOLDING and seats > claim.seats:
        free = seats_free(pool, exclude=claim)
        waiting = pool.seat_claims().filter(status=Status.WAITLISTED).exists()
        if free is not None and (seats > free or waiting):
            raise CapacityError(CapacityError.TOO_MANY_SEATS)
    claim.seats = seats
    claim.save(update_fields=["seats"])
    fill(pool, now=now)
    return claim


@transaction.atomic
def release(pool, claim, *, status=Status.CANCELLED, now=None):
    """Cancel a claim, take it off the waitlist (status cancelled) or decline an offer
    (status declined); the freed places go to the waitlist."""
    now = now or timezone.now()
    pool = lock(pool)
    claim = type(claim)._default_manager.select_for_update().get(pk=claim.pk)
    _save(pool, claim, status, now)
    fill(pool, now=now)
    return claim


@transaction.atomic
def accept_offer(pool, claim, *, now=None):
    now = now or timezone.now()
    pool = lock(pool)
    claim = type(claim)._default_manager.select_for_update().get(pk=claim.pk)
    if claim.status != Status.OFFERED or (claim.offer_expires_at and claim.offer_expires_at <= now):
        raise CapacityError(CapacityError.NOT_ALLOWED)
    return _save(pool, claim, Status.CONFIRMED, now)


@transaction.atomic
def expire_offers(pool, *, now=None):
    """Let lapsed offers expire and pass their places on. Returns how many expired."""
    now = now or timezone.now()
    pool = lock(pool)
    lapsed = list(
        pool.seat_claims()
        .select_for_update()
        .filter(status=Status.OFFERED, offer_expires_at__lte=now)
        .order_by("offer_expires_at", "pk")
    )
    for claim in lapsed:
        _save(pool, claim, Status.EXPIRED, now)
    fill(pool, now=now)
    return len(lapsed)


@transaction.atomic
def close(pool, *, now=None):
    """Cancel every live claim of a pool that is itself called off, promoting nobody.
    Returns how many were cancelled."""
    now = now or timezone.now()
    pool = lock(pool)
    live = list(
        pool.seat_claims()
        .select_for_update()
        .filter(status__in=(Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED))
        .order_by("pk")
    )
    for claim in live:
        _save(pool, claim, Status.CANCELLED, now)
    return len(live)


@transaction.atomic
def set_capacity(pool, capacity, *, now=None):
    """Change the number of places; more places go to the waitlist at once. Fewer places
    never remove anyone already confirmed."""
    pool = lock(pool)
    pool.capacity = capacity
    pool.save(update_fields=["capacity"])
    return fill(pool, now=now)


@transaction.atomic
def fill(pool, *, now=None):
    """Give free places to the waitlist: in order of `queued_at`, each party that fits in
    what is left is confirmed (or offered the place). Returns the promoted claims."""
    now = now or timezone.now()
    pool = lock(pool)
    policy = pool.waitlist_policy()
    if policy.closes_at is not None and now >= policy.closes_at:
        return []
    free = seats_free(pool)
    promoted = []
    waiting = (
        pool.seat_claims()
        .select_for_update()
        .filter(status=Status.WAITLISTED)
        .order_by("queued_at", "pk")
    )
    for claim in waiting:
        if free is not None and claim.seats > free:
            continue
        if policy.offer_period is None:
            _save(pool, claim, Status.CONFIRMED, now)
        else:
            claim.move_to(Status.OFFERED, now)
            claim.offer_expires_at = min(
                now + policy.offer_period, policy.closes_at or now + policy.offer_period
            )
            claim.save()
            pool.claim_changed(claim, Status.WAITLISTED)
        promoted.append(claim)
        if free is not None:
            free -= claim.seats
            if free <= 0:
                break
    return promoted


def waitlist_position(pool, claim):
    """1 for the first in line; None when the claim is not waiting."""
    if claim.status != Status.WAITLISTED:
        return None
    ahead = pool.seat_claims().filter(status=Status.WAITLISTED, queued_at__lt=claim.queued_at)
    return ahead.count() + 1
