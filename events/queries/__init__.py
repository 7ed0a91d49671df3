"""The read side of events: the querysets and figures that views, the admin, feeds, hooks and
services share, by topic. Nothing here writes; seats left are worked out by `events.capacity`.

Every name is importable from `events.queries` as before the split."""

from events.queries.dashboard import (
    DASHBOARD_ROWS,
    OFFER_EXPIRING_HOURS,
    organised_events,
    waitlist_attention,
)
from events.queries.listing import (
    FEED_FILTERS,
    annotate_availability,
    availability,
    filter_events,
    imported_for,
    index_areas,
    index_events,
    index_platforms,
    label_imported,
    label_platforms,
    municipalities,
    people_with_upcoming_events,
    upcoming_events,
    with_availability,
)
from events.queries.meetings import (
    action_items_for,
    invited_organisations,
    is_meeting_staff,
    may_attend,
    organisations_of,
)
from events.queries.stamps import (
    feed_stamps,
    next_change_by_clock,
)
from events.queries.tracks import chosen_tracks, session_tracks, sessions_of

__all__ = [
    "DASHBOARD_ROWS",
    "FEED_FILTERS",
    "OFFER_EXPIRING_HOURS",
    "action_items_for",
    "annotate_availability",
    "availability",
    "chosen_tracks",
    "feed_stamps",
    "filter_events",
    "imported_for",
    "index_areas",
    "index_events",
    "index_platforms",
    "invited_organisations",
    "is_meeting_staff",
    "label_imported",
    "label_platforms",
    "may_attend",
    "municipalities",
    "next_change_by_clock",
    "organisations_of",
    "organised_events",
    "people_with_upcoming_events",
    "session_tracks",
    "sessions_of",
    "upcoming_events",
    "waitlist_attention",
    "with_availability",
]
