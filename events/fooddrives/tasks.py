"""Background work of food drives, run by django-q2: mails to the people who pledged (through
the outbox, `cms.core.outbox`), and the daily reminders and closing of pledges not brought."""

from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext

from cms.core import ical, outbox
from cms.core import platform as platforms
from cms.people.services import issue_token
from events.fooddrives import services
from events.fooddrives.models import PledgeMessage

Kind = PledgeMessage.Kind

# Mails that put the drop-off day in the person's calendar, and those that take it out again
# (same UID, a higher SEQUENCE, STATUS:CANCELLED).
CALENDAR_KINDS = {Kind.CONFIRMED: "CONFIRMED", Kind.REMINDER: "CONFIRMED"}
CALENDAR_CANCEL_KINDS = {Kind.CANCELLED: "CANCELLED", Kind.DRIVE_CANCELLED: "CANCELLED"}
# A reminder is only worth sending while the pledge is still to be brought.
ONLY_WHILE_OPEN = (Kind.REMINDER,)


def private_link(pledge, language):
    """Made at delivery: neither the outbox row nor the task queue holds the token."""
    raw = issue_token(pledge.person, pledge.token_purpose)
    with translation.override(language):
        path = reverse("fooddrives:pledge", kwargs={"reference": pledge.reference, "token": raw})
    return platforms.base_url(platforms.of_page(pledge.drive)) + path


def _food_lines(lines):
    """The food pledged, one line each, its best-before day as people write it in the mail's
    language (2027年1月31日), not in ISO (2027-01-31)."""
    best_before = gettext("best before")
    return "\n".join(
        f"・{line.item.name} {line.quantity} {line.item.unit}"
        + (
            f" ({best_before} {formats.date_format(line.best_before, 'DATE_FORMAT')})"
            if line.best_before
            else ""
        )
        for line in lines
    )


def calendar_file(pledge, drive, lines, status, point=None):
    """The drop-off day as an all-day entry, in the active language (`point`: the pledge's,
    in the words of the drive's translation). Its UID comes from the pledge's reference, so
    that the cancellation replaces the entry the confirmation made."""
    point = point or pledge.point
    start, end = ical.all_day(pledge.drop_off_on)
    summary = gettext("Bring food: %(drive)s") % {"drive": drive.title}
    description = "\n".join(
        part
        for part in (
            _food_lines(lines),
            gettext("Opening hours: %(hours)s") % {"hours": point.opening_hours}
            if point.opening_hours
            else "",
        )
        if part
    )
    occurrence = ical.Occurrence(
        uid=ical.uid(pledge.reference, "pledge"),
        start=start,
        end=end,
        summary=summary,
        description=description,
        location=" ".join(part for part in (point.name, point.address) if part),
        geo=(float(point.latitude), float(point.longitude))
        if point.latitude is not None and point.longitude is not None
        else None,
        status=status,
        sequence=0 if status == "CONFIRMED" else 1,
    )
    calendar = ical.build_calendar(
        [occurrence], name=drive.title, language=translation.get_language()
    )
    return ical.serialize(calendar)


def subject_of(kind):
    return {
        Kind.CONFIRMED: gettext("We received your pledge"),
        Kind.CANCELLED: gettext("Your pledge is cancelled"),
        Kind.DRIVE_CANCELLED: gettext("The food drive is cancelled"),
        Kind.REMINDER: gettext("Reminder: your drop-off day"),
        Kind.THANKS: gettext("Thank you for your food"),
    }[kind]


def deliver_pledge_message(message_id):
    """Send one message once. A failure keeps the message (and the pledge) and schedules
    another attempt, later each time (`cms.core.outbox`)."""
    return outbox.deliver_row("fooddrives.PledgeMessage", message_id)


def daily():
    """Scheduled every morning (migration 0002): queue the reminders due, and stop pledges
    not brought from holding part of a target."""
    return {
        "reminders": services.queue_reminders(),
        "not_brought": services.close_unbrought(),
    }
