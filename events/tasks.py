"""Background work of events, run by django-q2: mails to registrants, reminders, lapsed
offers. Every task is idempotent: a message's `sent_at` is claimed under a row lock."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from cms.core import ical, outbox
from cms.core.pdf import qr_png
from cms.core.platform import platform_name
from cms.people.services import issue_token
from events import services
from events.capacity import Status
from events.models import EventPage, FeedbackRequest, MeetingInvitation, Message


def private_link(registration, language):
    raw = issue_token(registration.person, registration.token_purpose)
    with translation.override(language):
        path = reverse(
            "events:registration", kwargs={"reference": registration.reference, "token": raw}
        )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# Mails that confirm a place carry the check-in QR code.
CHECK_IN_KINDS = (Message.Kind.CONFIRMED, Message.Kind.PROMOTED, Message.Kind.REMINDER)


def _carries_check_in(message):
    return message.kind in CHECK_IN_KINDS and message.registration.has_check_in_pass


def _carries_calendar(message):
    return message.kind == Message.Kind.EVENT_CANCELLED or _carries_check_in(message)


def calendar_file(message):
    """The event's sessions as an .ics file, in the active language: a confirmed place adds
    them to the person's calendar; the cancellation, with the same UIDs, a higher SEQUENCE and
    STATUS:CANCELLED, takes them out again."""
    from events.feeds import registrant_occurrences

    registration = message.registration
    occurrences = list(registrant_occurrences(None, [registration]))
    calendar = ical.build_calendar(
        occurrences,
        name=occurrences[0].summary if occurrences else platform_name(),
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


def render_message(message):
    registration = message.registration
    event = registration.event
    person = registration.person
    if not person.email or person.erased_at:
        raise outbox.Skip("no address")
    language = person.language
    with translation.override(language):
        localized = event.localized
        subject_parts = {
            Message.Kind.CONFIRMED: gettext("Registration confirmed"),
            Message.Kind.WAITLISTED: gettext("You are on the waitlist"),
            Message.Kind.PROMOTED: gettext("A place is now yours"),
            Message.Kind.OFFERED: gettext("A place is offered to you"),
            Message.Kind.CANCELLED: gettext("Registration cancelled"),
            Message.Kind.EVENT_CANCELLED: gettext("Event cancelled"),
            Message.Kind.REMINDER: gettext("Reminder"),
        }
        site_name = platform_name()
        if event.discreet:
            booking = gettext("Your booking")
            subject = f"{booking} | {site_name}"
        elif message.announcement_id:
            subject = f"{message.announcement.subject}: {localized.title} | {site_name}"
        else:
            subject = f"{subject_parts[message.kind]}: {localized.title} | {site_name}"
        context = {
            "message": message,
            "registration": registration,
            "event": localized,
            "sessions": list(event.sessions.all()),
            "link": private_link(registration, language),
            "online_url": event.online_url
            if registration.quota.mode == EventPage.Attendance.ONLINE
            and registration.status in (Status.CONFIRMED, Status.ATTENDED)
            else "",
            "site_name": site_name,
            "check_in_code": registration.check_in_label if _carries_check_in(message) else "",
        }
        body = render_to_string("events/mail/message.txt", context)
        files = attachments(message)
    return EmailMessage(subject, body, to=[person.email], attachments=files)


def deliver_message(message_id):
    """Send one message once. A failure keeps the message (and the registration) and
    schedules another attempt, later each time (`cms.core.outbox`)."""
    messages = Message.objects.select_related(
        "registration__person", "registration__event", "announcement"
    )
    return outbox.deliver(messages, message_id, render_message)


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


def _absolute(url):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def render_invitation(invitation):
    from cms.directory.members.tasks import profile_editors

    organisation = invitation.organisation
    recipients = [user.email for user in profile_editors(organisation)]
    if not recipients and organisation.email:
        recipients = [organisation.email]
    if not recipients:
        raise outbox.Skip("no address")
    event = invitation.event
    with translation.override(settings.LANGUAGE_CODE):
        site_name = platform_name()
        invitation_label = gettext("Invitation")
        subject = f"{invitation_label}: {event.title} | {site_name}"
        body = render_to_string(
            "events/mail/invitation.txt",
            {
                "organisation": organisation,
                "event": event,
                "sessions": list(event.sessions.all()),
                "link": _absolute(event.url or ""),
                "site_name": site_name,
            },
        )
    return EmailMessage(subject, body, to=recipients)


def deliver_invitation(invitation_id):
    invitations = MeetingInvitation.objects.select_related("event", "organisation")
    return outbox.deliver(invitations, invitation_id, render_invitation)


def feedback_link(registration, language):
    raw = issue_token(registration.person, registration.feedback_token_purpose)
    with translation.override(language):
        path = reverse(
            "events:feedback", kwargs={"reference": registration.reference, "token": raw}
        )
    return _absolute(path)


def render_feedback_request(request):
    registration = request.registration
    person = registration.person
    if not person.email or person.erased_at:
        raise outbox.Skip("no address")
    if hasattr(registration, "feedback"):
        raise outbox.Skip("already answered")
    event = registration.event
    language = person.language
    with translation.override(language):
        site_name = platform_name()
        title = gettext("Your booking") if event.discreet else event.localized.title
        questions = gettext("A few questions about the event")
        subject = f"{questions}: {title} | {site_name}"
        body = render_to_string(
            "events/mail/feedback.txt",
            {
                "person": person,
                "event": event.localized,
                "title": title,
                "link": feedback_link(registration, language),
                "site_name": site_name,
            },
        )
    return EmailMessage(subject, body, to=[person.email])


def deliver_feedback_request(request_id):
    requests = FeedbackRequest.objects.select_related(
        "registration__person", "registration__event", "registration__feedback"
    )
    return outbox.deliver(requests, request_id, render_feedback_request)


def send_feedback_requests():
    """Scheduled every 15 minutes (migration): the questionnaire a few hours after an event."""
    return services.queue_feedback_requests()
