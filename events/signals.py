"""Publishing an event acts on its registrations: a larger capacity promotes from the
waitlist; a cancelled event cancels every registration and tells each person. A members'
meeting is (still) restricted to members and its invited organisations are invited."""

from wagtail.signals import page_published

from events.models import EventPage


def promote_after_publish(sender, instance, **kwargs):
    from events.services import (
        cancel_event_registrations,
        invite_members,
        promote_waitlist,
        protect_meeting,
    )

    if instance.cancelled_at:
        cancel_event_registrations(instance)
    else:
        promote_waitlist(instance)
    protect_meeting(instance)
    invite_members(instance)


def record_schedule_changes(sender, instance, **kwargs):
    """Calendars learn of a new time, place or status through the session's SEQUENCE."""
    from events.services import record_schedule_changes

    if instance.source.pk == instance.pk:
        record_schedule_changes(instance)


def connect():
    page_published.connect(record_schedule_changes, sender=EventPage)
    page_published.connect(promote_after_publish, sender=EventPage)
