"""Why a sign-up, a cancellation or a swap cannot happen: one vocabulary of codes, each with
its message in the visitor's language. The checks return a `SignupError` (None when nothing
stops it) for the pages to show, and the services raise it."""

from django.utils.translation import gettext_lazy as _

from cms.core.errors import Refusal


class SignupError(Refusal):
    """Why a sign-up or a cancellation cannot happen, with what it concerns."""

    messages = {
        "cancelled": _("This shift has been cancelled."),
        "ended": _("This shift has already started or ended."),
        "not_yet_open": _("Sign-up opens on %(opens)s."),
        "closed": _("Sign-up has closed; please call the contact."),
        "full": _("This shift is full."),
        "clash_shift": _("It overlaps your shift “%(name)s” (%(when)s)."),
        "clash_event": _("It overlaps “%(name)s” (%(when)s), which you registered for."),
        "clash_teaching": _("It overlaps “%(name)s” (%(when)s), which you teach."),
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
    def refusal(self):
        """The refusal itself, for callers written when it was a value inside the error."""
        return self
