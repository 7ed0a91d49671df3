"""A volunteer's shifts as commitments for events' clash warning (events.commitments): the
reverse of the sign-up's clash rule (volunteers.services.signup), which reads the person's
event registrations and course teaching."""

from django.utils.translation import gettext as _

from cms.people.queries import email_is
from events.capacity import LIVE
from events.commitments import Commitment
from volunteers.models import ShiftSignup


def shifts_of(platform, email, start, end):
    """The live shifts, overlapping [start, end), of the volunteer of `platform` whose
    confirmed address is `email` (an unconfirmed address could be anyone's): one query."""
    rows = (
        ShiftSignup.objects.filter(
            email_is(platform, email, field="volunteer__person__email"),
            volunteer__email_confirmed_at__isnull=False,
            status__in=LIVE,
            shift__cancelled_at=None,
            shift__starts_at__lt=end,
            shift__ends_at__gt=start,
        )
        .values_list("shift__starts_at", "shift__ends_at")
        .order_by("shift__starts_at")
    )
    return [Commitment(_("a volunteer shift"), starts, ends) for starts, ends in rows]
