"""Publishing an event acts on its registrations: a larger capacity promotes from the
waitlist; a cancelled event cancels every registration and tells each person."""

from wagtail.signals import page_published

from events.models import EventPage


def promote_after_publish(sender, instance, **kwargs):
    from events.services import cancel_event_registrations, promote_waitlist

    if instance.cancelled_at:
        cancel_event_registrations(instance)
    else:
        promote_waitlist(instance)


def connect():
    page_published.connect(promote_after_publish, sender=EventPage)
