"""Background work of events, run by django-q2: mails to registrants, reminders, lapsed
offers. Every task is idempotent: a message's `sent_at` is claimed under a row lock."""

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.core import ical, outbox
from cms.core.pdf import qr_png
from cms.core.platform import of_page, platform_name
from cms.people.services import issue_token
from events import commitments, queries, services
from events.capacity import Status
from events.discreet import shown_title
from events.models import EventPage, Message
from events.platforms import address


def private_link(registration, language):
    raw = issue_token(registration.person, registration.token_purpose)
    with translation.override(language):
        path = reverse(
            "events:registration", kwargs={"reference": registration.reference, "token": raw}
        )
    return address(registration.event, path)


# Mails that confirm a place carry the check-in QR code.
CHECK_IN_KINDS = (
    Message.Kind.CONFIRMED,
    Message.Kind.PROMOTED,
    Message.Kind.REMINDER,
    Message.Kind.ALREADY_REGISTERED,
)


def _carries_check_in(message):
    return message.kind in CHECK_IN_KINDS and message.registration.has_check_in_pass


def _carries_calendar(message):
    return message.kind == Message.Kind.EVENT_CANCELLED or _carries_check_in(message)


def calendar_file(message):
    """The event's sessions as an .ics file, in the active language: a confirmed place adds
    them to the person's calendar; the cancellation, with the same UIDs, a higher SEQUENCE and
    STATUS:CANCELLED, takes them out again."""
    from events.private_feeds import registrant_occurrences

    registration = message.registration
    occurrences = list(registrant_occurrences(None, [registration]))
    calendar = ical.build_calendar(
        occurrences,
        name=occurrences[0].summary if occurrences else platform_name(of_page(registration.event)),
        language=translation.get_language(),
    )
    return ical.serialize(calendar)


def attachments(message):
    """Files sent with a message: the check-in QR code (PNG) while the place is confirmed,
    and the dates (.ics) with a confirmed place or a cancelled event."""
    files = []
    if _carries_check_in(message):
        code = message.registration.check_in_label
        files.append(("check-in-code.png", qr_png(code).getvalue(), "image/png"))
    if _carries_calendar(message):
        files.append(("event.ics", calendar_file(message), ical.CONTENT_TYPE))
    return files


SUBJECTS = {
    Message.Kind.CONFIRMED: _("Registration confirmed"),
    Message.Kind.WAITLISTED: _("You are on the waitlist"),
    Message.Kind.PROMOTED: _("A place is now yours"),
    Message.Kind.OFFERED: _("A place is offered to you"),
    Message.Kind.CANCELLED: _("Registration cancelled"),
    Message.Kind.EVENT_CANCELLED: _("Event cancelled"),
    Message.Kind.REMINDER: _("Reminder"),
    Message.Kind.ALREADY_REGISTERED: _("You are registered already"),
}


def message_subject(message):
    """A discreet event's mails say only "your booking"; an announcement carries the subject
    staff wrote."""
    event = message.registration.event
    if event.discreet:
        return gettext("Your booking")
    if message.announcement_id:
        return f"{message.announcement.subject}: {event.localized.title}"
    return f"{SUBJECTS[message.kind]}: {event.localized.title}"


def message_context(message):
    registration = message.registration
    event = registration.event
    return {
        "message": message,
        "registration": registration,
        "event": event.localized,
        # A discreet event's mail names neither the event nor its sessions (events.discreet).
        "title": shown_title(event),
        "discreet": event.discreet,
        "sessions": list(event.sessions.all()),
        "tracks": _tracks(message),
        "link": private_link(registration, registration.person.language),
        "online_url": event.online_url if registration.takes_part_online else "",
        "check_in_code": registration.check_in_label if _carries_check_in(message) else "",
        "clashes": _clashes(message),
    }


def _tracks(message):
    """The tracks the person chose, per session, in the mail's language; a session left
    without one (a wish dropped when the place came: events.services.tracks) says to choose
    on the private page. Mails of a place, or a place on the waitlist, only."""
    if message.kind not in (*_WARNS_OF_CLASHES, Message.Kind.OFFERED, Message.Kind.REMINDER):
        return []
    registration = message.registration
    localized = registration.event.localized
    return queries.chosen_tracks(registration, localized, list(localized.sessions.all()))


# Mails that give a place, or a place on the waitlist: they say what else the person has on.
_WARNS_OF_CLASHES = (Message.Kind.CONFIRMED, Message.Kind.WAITLISTED, Message.Kind.PROMOTED)


def _clashes(message):
    """A volunteer shift or a course the person teaches at the same time (events.commitments):
    a warning in their own mail, never on the public form, where anyone may type anyone's
    address, and never a refusal."""
    if message.kind not in _WARNS_OF_CLASHES:
        return []
    return commitments.clashes(message.registration.event, message.registration.person.email)


def deliver_message(message_id):
    """Send one message once. A failure keeps the message (and the registration) and
    schedules another attempt, later each time (`cms.core.outbox`)."""
    return outbox.deliver_row("events.Message", message_id)


def send_due_reminders():
    """Scheduled every 15 minutes (migration 0002): queue due reminders, expire offers."""
    queued = services.queue_due_reminders()
    now = timezone.now()
    lapsed = EventPage.objects.filter(
        registrations__status=Status.OFFERED, registrations__offer_expires_at__lte=now
    ).distinct()
    for event in lapsed:
        services.promote_waitlist(event, now=now)
    return queued


# Platform meetings and questionnaires ------------------------------------------------------


def deliver_invitation(invitation_id):
    return outbox.deliver_row("events.MeetingInvitation", invitation_id)


def feedback_link(registration, language):
    raw = issue_token(registration.person, registration.feedback_token_purpose)
    with translation.override(language):
        path = reverse(
            "events:feedback", kwargs={"reference": registration.reference, "token": raw}
        )
    return address(registration.event, path)


def deliver_feedback_request(request_id):
    return outbox.deliver_row("events.FeedbackRequest", request_id)


def send_feedback_requests():
    """Scheduled every 15 minutes (migration): the questionnaire a few hours after an event."""
    return services.queue_feedback_requests()
