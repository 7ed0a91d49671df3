"""Publishing an event acts on its schedule, its registrations and, for a members' meeting,
its restriction and invitations: one service, one transaction (`events.services.publishing`)."""

from wagtail.signals import page_published

from events.models import EventPage


def published(sender, instance, **kwargs):
    from events.services import after_publish

    after_publish(instance)


def connect():
    page_published.connect(published, sender=EventPage)
