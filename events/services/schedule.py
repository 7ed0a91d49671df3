"""What calendar clients are told about an event's sessions: the SEQUENCE of each
(`events.models.SessionSchedule`)."""

import hashlib

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cms.core import freshness
from events.models import SessionSchedule


def _schedule_fingerprint(event, session):
    """What a calendar entry's SEQUENCE follows: its time, its place and whether it happens."""
    parts = (
        session.starts_at.isoformat(),
        session.ends_at.isoformat(),
        event.venue_name,
        event.venue_address,
        event.latitude,
        event.longitude,
        event.attendance,
        bool(event.cancelled_at),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@transaction.atomic
def record_schedule_changes(event, *, now=None):
    """After a publish: raise the SEQUENCE of every session whose time, place or status
    changed (a new session starts at 0). Other edits leave it, so a typo fixed in the
    summary does not make phones announce a changed event. Returns the changed sessions."""
    now = now or timezone.now()
    event = event.source
    sessions = list(event.sessions.select_related("schedule"))
    changed = []
    for session in sessions:
        fingerprint = _schedule_fingerprint(event, session)
        schedule = getattr(session, "schedule", None)
        if schedule is None:
            SessionSchedule.objects.create(session=session, fingerprint=fingerprint, changed_at=now)
            changed.append(session)
        elif schedule.fingerprint != fingerprint:
            SessionSchedule.objects.filter(pk=session.pk).update(
                sequence=F("sequence") + 1, fingerprint=fingerprint, changed_at=now
            )
            changed.append(session)
    if changed:
        freshness.changed()  # the feeds' SEQUENCE: an UPDATE sends no signal
    return changed
