"""An editor who publishes a larger capacity frees places: hand them to the waitlist."""

from wagtail.signals import page_published

from events.models import EventPage


def promote_after_publish(sender, instance, **kwargs):
    from events.services import promote_waitlist

    promote_waitlist(instance)


def connect():
    page_published.connect(promote_after_publish, sender=EventPage)
