"""Why a sign-up, a cancellation or a swap cannot happen: one vocabulary of codes, each with
its message in the visitor's language, raised by the services as `SignupError`."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Refusal:
    """Why a sign-up or a cancellation cannot happen, with what it concerns."""

    code: str
    params: dict = field(default_factory=dict)

    MESSAGES = {
        "cancelled": _("This shift has been cancelled."),
        "ended": _("This shift has already started or ended."),
        "not_yet_open": _("Sign-up opens on %(opens)s."),
        "closed": _("Sign-up has closed; please call the contact."),
        "full": _("This shift is full."),
        "clash_shift": _("It overlaps your shift “%(name)s” (%(when)s)."),
        "clash_event": _("It overlaps “%(name)s” (%(when)s), which you registered for."),
        "qualification": _("This role needs the qualification “%(name)s”."),
        "already": _("You have already signed up for this shift."),
        "unconfirmed": _("Please confirm your e-mail address first."),
        "cancel_closed": _(
            "It is too late to cancel online: offer your place to others instead, or call "
            "the contact."
        ),
        "not_allowed": _("This sign-up cannot be changed that way."),
        "too_many_hours": _(
            "With your shifts %(shifts)s this would be %(hours)s hours in a row; here at most "
            "%(most)s hours in a row are possible, with breaks of at least %(gap)s minutes."
        ),
        "swap_waitlisted": _("You are on the waitlist: simply leave it if you cannot come."),
        "swap_already": _("You have already offered your place."),
        "swap_taken": _("Someone has already taken over your place."),
        "swap_none": _("You have not offered your place."),
    }

    @property
    def message(self):
        return self.MESSAGES[self.code] % self.params if self.params else self.MESSAGES[self.code]

    def __str__(self):
        return str(self.message)


class SignupError(Exception):
    def __init__(self, refusal):
        self.refusal = refusal
        super().__init__(refusal.code)

    @property
    def message(self):
        return self.refusal.message
