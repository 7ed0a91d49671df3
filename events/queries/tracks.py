"""The tracks of each session with their seats left (the event page, its form, the private
page), and the tracks registrations chose (mails, the private page, the staff's list): in a
fixed number of queries."""

from django.db.models import Exists, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from cms.core.inline_translation import lend_words
from events import capacity
from events.capacity import HOLDING
from events.models import SessionTrack, TrackChoice


def sessions_of(event):
    """The page's sessions, each knowing whether the event has tracks (`has_tracks`), in the
    one query that reads them: an event without tracks costs its page no query more."""
    sessions = event.sessions.all()
    if not isinstance(sessions, QuerySet):
        return list(sessions)  # a preview's, in memory: session_tracks asks the database
    tracks = SessionTrack.objects.filter(page_id=event.source.pk)
    return list(sessions.annotate(has_tracks=Exists(tracks)))


def session_tracks(event, sessions=None):
    """[{"session", "tracks": [{"track", "left", "full"}]}] per session that has tracks, in
    the order of the sessions: one query (two on a translation, whose words the original's
    tracks borrow). `sessions`, the page's own sessions when the caller has them, name each
    session in the page's language (a translation's sessions share their original's uid);
    from `sessions_of`, they also spare the query when the event has no tracks."""
    if sessions and not any(getattr(s, "has_tracks", True) for s in sessions):
        return []
    held = (
        TrackChoice.objects.filter(track=OuterRef("pk"), registration__status__in=HOLDING)
        .order_by()
        .values("track")
        .annotate(total=Sum("registration__seats"))
        .values("total")
    )
    originals = list(
        SessionTrack.objects.filter(page_id=event.source.pk)
        .select_related("session")
        .annotate(seats_held=Coalesce(Subquery(held, output_field=IntegerField()), 0))
        .order_by("session__sort_order", "session__starts_at", "sort_order", "pk")
    )
    if not originals:
        return []
    shown = originals
    if event.pk and event.pk != event.source.pk:
        shown = lend_words(originals, SessionTrack.objects.filter(page_id=event.pk))
    own = {s.uid: s for s in sessions or ()}
    rows = []
    for original, track in zip(originals, shown, strict=True):
        if not rows or rows[-1]["session"].pk != original.session_id:
            rows.append(
                {
                    "session": original.session,
                    "shown": own.get(original.session.uid, original.session),
                    "tracks": [],
                }
            )
        left = capacity.seats_left(track.capacity, original.seats_held)
        rows[-1]["tracks"].append({"track": track, "left": left, "full": left == 0})
    return rows


def chosen_tracks(registration, event=None, sessions=None):
    """[{"session", "session_id", "track", "tracks"}] of every session with tracks of the
    registration's event: the track it chose, in the words of `event` (the page in the
    reader's language; the registration's own by default), or None where it has yet to
    choose, and every track of the session with its seats left. Two queries (three on a
    translation)."""
    rows = session_tracks(event or registration.event, sessions)
    chosen = dict(registration.track_choices.values_list("session_id", "track_id"))
    return [
        {
            "session": row["shown"],
            "session_id": row["session"].pk,
            "track": next(
                (
                    t["track"]
                    for t in row["tracks"]
                    if t["track"].pk == chosen.get(row["session"].pk)
                ),
                None,
            ),
            "tracks": row["tracks"],
        }
        for row in rows
    ]
