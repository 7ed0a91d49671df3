"""What publishing an event does, in one transaction (`events.signals` runs it on
`page_published`): calendars learn of changed sessions, the registrations follow the page (a
larger capacity promotes from the waitlist; a cancelled event cancels every registration and
tells each person), and a members' meeting stays restricted to members and invites its
organisations. A step that fails undoes the ones before it, and their mails never go out."""

from django.db import transaction

from events.discreet import follow_listing
from events.services.meetings import invite_members, protect_meeting
from events.services.registration import cancel_event_registrations, promote_waitlist
from events.services.schedule import record_schedule_changes


@transaction.atomic
def after_publish(event, *, now=None):
    """Apply a published revision of event (the source page or a translation of it)."""
    # The sessions and their places belong to the source page; a translation changes neither.
    if event.source.pk == event.pk:
        record_schedule_changes(event, now=now)
        follow_listing(event)  # an unlisted event's translations leave search with it
    if event.cancelled_at:
        cancel_event_registrations(event, now=now)
    else:
        promote_waitlist(event, now=now)
    protect_meeting(event)
    invite_members(event)
