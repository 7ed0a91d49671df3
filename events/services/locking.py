"""The locks every write of registrations takes, always in this order: the event row, then
the quota row (`events.capacity.lock`), then the registration, then the tracks it chooses
(`events.services.tracks`, by id). The event lock makes "one
registration per e-mail and event" hold under concurrency; the quota lock is what the generic
capacity rules rely on."""

from events import capacity
from events.models import EventPage, Registration


def lock_event(event):
    """The event row, re-read under a row lock."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def lock_registration(registration):
    """(event, quota, registration) of a registration, each re-read under a row lock, in
    the lock order."""
    event = lock_event(registration.event)
    quota = capacity.lock(registration.quota)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    return event, quota, registration
