"""Mirroring member organisations' outside calendars into Tsunagu: each CalendarSource's
events within the horizon are created, updated and removed by (UID, RECURRENCE-ID). Only
ImportedEvent rows are touched, never an event typed in Tsunagu; a feed that cannot be read
records why and keeps the last good events.

A source the secretariat trusts (`publish_directly`) is mirrored as it is. From any other, a
new event is a draft and a change is a new revision, each submitted to the moderation
workflow of members' pages: the public lists keep showing what was approved (the date and
place of an approved event do not change without review) until the secretariat publishes the
revision. Only a cancellation goes through at once: nobody should come to an event that will
not take place."""

import logging
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.utils import timezone
from wagtail.models import WorkflowContentType

from cms.core.ical_import import FeedError, read_feed
from cms.directory.members.services import moderation_workflow
from events.models import CalendarSource, ImportedEvent

logger = logging.getLogger(__name__)

HORIZON = timedelta(days=180)
FIELDS = ("title", "starts_at", "ends_at", "all_day", "location", "url", "description", "status")


def _values(occurrence):
    return {
        "title": occurrence.summary or "—",
        "starts_at": occurrence.start,
        "ends_at": max(occurrence.end, occurrence.start),
        "all_day": occurrence.all_day,
        "location": occurrence.location,
        "url": occurrence.url if occurrence.url.startswith(("http://", "https://")) else "",
        "description": occurrence.description,
        "status": "CANCELLED" if occurrence.status == "CANCELLED" else "CONFIRMED",
        "sequence": occurrence.sequence,
    }


def import_source(source, *, now=None):
    """Fetch one source and bring its mirror up to date. Returns (created, updated, removed);
    on failure records the error on the source, keeps its events and returns None."""
    now = now or timezone.now()
    try:
        occurrences = read_feed(source.url, start=now, end=now + HORIZON)
    except FeedError as error:
        return _failed(source, now, str(error))
    try:
        return _mirror(source, occurrences, now)
    except (DatabaseError, ValueError) as error:
        # Something in the feed that the database refuses (a value out of range, text too
        # long for a column): this source keeps its last good events and says why; the
        # others are imported all the same.
        logger.exception("calendar source %s not imported", source.pk)
        return _failed(source, now, f"{type(error).__name__}: {error}"[:500])


def _failed(source, now, reason):
    CalendarSource.objects.filter(pk=source.pk).update(last_fetched_at=now, last_error=reason)
    logger.info("calendar source %s not read: %s", source.pk, reason)
    return None


@transaction.atomic
def _mirror(source, occurrences, now):
    source = CalendarSource.objects.select_for_update().get(pk=source.pk)
    incoming = {}
    for occurrence in occurrences:
        incoming[(occurrence.uid[:255], occurrence.recurrence_id[:64])] = _values(occurrence)
    existing = {
        (event.uid, event.recurrence_id): event
        for event in ImportedEvent.objects.filter(source=source)
    }
    created = updated = 0
    for key, values in incoming.items():
        event = existing.get(key)
        if event is None:
            _create(source, key, values)
            created += 1
        elif _differs(_proposed(event), values):
            values["sequence"] = max(values["sequence"], event.sequence + 1)
            _update(source, event, values)
            updated += 1
    # Vanished from the feed: removed, but only within the window that was read (events that
    # have ended simply age out of the feeds).
    gone = [
        event.pk for key, event in existing.items() if key not in incoming and event.ends_at >= now
    ]
    removed = ImportedEvent.objects.filter(pk__in=gone).delete()[0]
    CalendarSource.objects.filter(pk=source.pk).update(
        last_fetched_at=now, last_ok_at=now, last_error=""
    )
    return created, updated, removed


def _differs(event, values):
    return any(getattr(event, name) != values[name] for name in FIELDS)


def _proposed(event):
    """What the event says now: its revision awaiting review, or the row."""
    if event.has_unpublished_changes and event.latest_revision_id:
        return event.latest_revision.as_object()
    return event


def _create(source, key, values):
    event = ImportedEvent(
        source=source,
        uid=key[0],
        recurrence_id=key[1],
        live=source.publish_directly,
        has_unpublished_changes=not source.publish_directly,
        **values,
    )
    event.save()
    if not source.publish_directly:
        _submit(event)


def _update(source, event, values):
    cancelled_only = values["status"] == "CANCELLED" and not _differs(
        event, {**values, "status": event.status}
    )
    for name, value in values.items():
        setattr(event, name, value)
    if source.publish_directly or (event.live and cancelled_only):
        event.save()
        return
    if not event.live:
        event.save()  # a draft: nothing of it is shown yet
    # A live event keeps its row (what the public sees); the change is only in the revision.
    _submit(event)


def _submit(event):
    """A new revision of event, submitted to the moderation workflow (an earlier submission
    still waiting is replaced: the secretariat reviews what the feed says now)."""
    event.save_revision(clean=False)
    WorkflowContentType.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(ImportedEvent),
        defaults={"workflow": moderation_workflow()},
    )
    if (state := event.current_workflow_state) is not None:
        state.cancel(user=None)
    event.get_workflow().start(event, user=None)


def import_all_sources():
    """Scheduled (migration 0006): every active source, one after the other; one broken feed
    does not stop the others."""
    results = {}
    for source in CalendarSource.objects.filter(active=True).order_by("pk"):
        results[source.pk] = import_source(source)
    return results
