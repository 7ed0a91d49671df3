"""Mails to registrants, written in the same transaction as the change they report: the mail
a change of state calls for, staff's messages to all registrants, and reminders."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cms.core.reminders import queue_once
from events import capacity
from events.capacity import Status
from events.models import Announcement, EventPage, Message, Registration
from events.services.locking import lock_event

# Which mail a change of state sends.
_STATUS_MESSAGES = {
    (None, Status.CONFIRMED): Message.Kind.CONFIRMED,
    (None, Status.WAITLISTED): Message.Kind.WAITLISTED,
    (Status.WAITLISTED, Status.CONFIRMED): Message.Kind.PROMOTED,
    (Status.WAITLISTED, Status.OFFERED): Message.Kind.OFFERED,
    (Status.OFFERED, Status.CONFIRMED): Message.Kind.CONFIRMED,
}


def notify_status_change(registration, previous_status):
    """Write the mail that a change of state calls for; it goes out after the commit."""
    if previous_status in capacity.ENDED:
        previous_status = None
    kind = _STATUS_MESSAGES.get((previous_status, registration.status))
    if registration.status == Status.CANCELLED:
        called_off = EventPage.objects.filter(
            pk=registration.event_id, cancelled_at__isnull=False
        ).exists()
        kind = Message.Kind.EVENT_CANCELLED if called_off else Message.Kind.CANCELLED
    if kind is not None:
        queue_message(registration, kind)


@transaction.atomic
def message_registrants(event, *, subject, body, include_waitlist=False, staff_user=None):
    """Write to everyone confirmed (and, if asked, waiting or offered a place); returns the
    announcement and how many mails were queued."""
    event = lock_event(event.source)
    announcement = Announcement.objects.create(
        event=event,
        subject=subject,
        body=body,
        include_waitlist=include_waitlist,
        created_by=staff_user,
    )
    statuses = [Status.CONFIRMED]
    if include_waitlist:
        statuses += [Status.WAITLISTED, Status.OFFERED]
    recipients = Registration.objects.filter(event=event, status__in=statuses).select_related(
        "person"
    )
    queued = sum(
        queue_message(registration, Message.Kind.ANNOUNCEMENT, announcement) is not None
        for registration in recipients
    )
    return announcement, queued


def queue_message(registration, kind, announcement=None):
    """Write a mail of `kind` to the registrant and queue its delivery; None when they gave no
    address."""
    if not registration.person.email:
        return None
    return Message.write(registration=registration, kind=kind, announcement=announcement)


@transaction.atomic
def queue_due_reminders(now=None):
    """Write the reminder of every confirmed registration whose event starts within its
    reminder period; each registration gets one, claimed by a conditional update."""
    now = now or timezone.now()
    due = (
        Registration.objects.filter(
            status=Status.CONFIRMED,
            reminder_queued_at__isnull=True,
            event__cancelled_at__isnull=True,
            event__starts_at__gt=now,
            event__reminder_days__gt=0,
        )
        .select_related("event", "person")
        .order_by("pk")
    )
    within_period = (
        registration
        for registration in due
        if registration.event.starts_at - now <= timedelta(days=registration.event.reminder_days)
    )
    return queue_once(
        within_period,
        lambda registration: queue_message(registration, Message.Kind.REMINDER),
        now=now,
    )
