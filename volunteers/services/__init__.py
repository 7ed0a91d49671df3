"""Volunteering: every path (public pages, my page, the kiosk, the coordinators' admin,
tasks) goes through these functions, each one transaction. By sub-domain:

- `joining`: becoming a volunteer, confirming the address, asking for the link again;
- `signup`: signing up and cancelling, and the rules that may refuse it (sign-up window,
  places, qualification, clashes, hours in a row);
- `swaps`: offering one's place for swap, and a newcomer taking it over;
- `attendance`: check-in and check-out, hours, no-shows;
- `shifts`: a shift cancelled, edited or written to, and what that does to its sign-ups;
- `reminders`: the day-before reminders;
- `refusals` (why something cannot happen) and `mails` (the outbox rows the changes write).

Every name is importable from here (`from volunteers import services; services.sign_up`).

Lock order, always: the volunteer row, then the shift row (`events.capacity.lock`), then the
sign-ups. The volunteer lock serialises one person's sign-ups, so two parallel requests for
overlapping shifts (or for shifts that together run too long) cannot both pass the checks;
the shift lock is what the generic capacity rules, and swaps, rely on for the last place.
The volunteer lock is FOR NO KEY UPDATE: it still excludes every other such lock, but lets
a transaction that already holds a shift write rows pointing to that volunteer (a mail to the
one whose place it takes over) without waiting for, and deadlocking with, them.
"""

from volunteers.links import CALENDAR, CONFIRM, CONFIRM_VALID, MY_PAGE
from volunteers.queries import annotate_places
from volunteers.services.attendance import mark_no_show, record_attendance, resolve_times
from volunteers.services.joining import (
    CONSENT_PURPOSE,
    confirm_email,
    register_volunteer,
    request_link,
)
from volunteers.services.refusals import SignupError
from volunteers.services.reminders import due_reminders, queue_reminders
from volunteers.services.shifts import (
    cancel_shift,
    message_shift,
    notify_status_change,
    people_with_future_shifts,
    shift_edited,
)
from volunteers.services.signup import (
    Booked,
    Commitments,
    _places,
    cancel_closes_at,
    cancel_refusal,
    cancel_signup,
    check,
    closes_at,
    opens_at,
    shift_refusal,
    sign_up,
    sign_up_many,
)
from volunteers.services.swaps import offer_swap, swap_refusal, takes_over, withdraw_swap

__all__ = [
    "CALENDAR",
    "CONFIRM",
    "CONFIRM_VALID",
    "CONSENT_PURPOSE",
    "MY_PAGE",
    "Booked",
    "Commitments",
    "SignupError",
    "_places",
    "annotate_places",
    "cancel_closes_at",
    "cancel_refusal",
    "cancel_shift",
    "cancel_signup",
    "check",
    "closes_at",
    "confirm_email",
    "due_reminders",
    "mark_no_show",
    "message_shift",
    "notify_status_change",
    "offer_swap",
    "opens_at",
    "people_with_future_shifts",
    "queue_reminders",
    "record_attendance",
    "register_volunteer",
    "request_link",
    "resolve_times",
    "shift_edited",
    "shift_refusal",
    "sign_up",
    "sign_up_many",
    "swap_refusal",
    "takes_over",
    "withdraw_swap",
]
