"""Choosing one track per session (分科会, issue 21): which choices a registration may make, and
the seats of each track, under the same locks as the registration's seats.

The rules:
- A registration for an event with tracks chooses one track of every session that has tracks
  (the public form asks for all of them; staff adding someone may leave some for later, and
  the person then chooses on their private page).
- A choice counts against its track's seats (the registrant and companions, as the quota
  counts them) only while the registration holds seats (`capacity.HOLDING`). So cancelling
  frees the track's seats by itself, and a waitlisted registration's choices are wishes.
- A registration that takes seats now (confirmed at once, or changing its track later) must
  find room in every track it chose, or it is refused, naming the session, with nothing
  stored. A waitlisted one may wish for a full track.
- When a waitlisted registration is given seats (promoted, or offered a place), each wish
  whose track has no room left is dropped: the person keeps the place and is told, in the
  mail of the promotion and on their private page, to choose again among the tracks with
  room. Promotion goes by the quota's waitlist order only: a track never holds up the line.

Locks, after the event, quota and registration rows (`events.services.locking`): the chosen
tracks' rows, in the order of their ids."""

from django.db import transaction
from django.db.models import Sum

from events.capacity import HOLDING
from events.models import SessionTrack, TrackChoice
from events.services.registration import RegistrationError


def field_name(session_id):
    """The form field of a session's tracks: refusals name it, so the error shows there."""
    return f"track_{session_id}"


def tracks_by_session(event):
    """{session id: [its tracks]} of the original-language page, in the editor's order."""
    tracks = SessionTrack.objects.filter(page=event.source).order_by("sort_order", "pk")
    chosen = {}
    for track in tracks:
        chosen.setdefault(track.session_id, []).append(track)
    return chosen


def parse_choices(event, sent, *, required=True):
    """{session id: track} from `sent` ({session id: track id as sent}), every track one of
    its session's on `event`'s original page. A session with tracks left out is refused when
    `required`; a track of another session or event is refused whatever was sent."""
    offered = tracks_by_session(event)
    sent = dict(sent or {})
    chosen = {}
    for session_id, tracks in offered.items():
        value = sent.pop(session_id, None)
        if value in (None, ""):
            if required:
                raise RegistrationError("track_missing", field=field_name(session_id))
            continue
        track = next((t for t in tracks if str(t.pk) == str(value).strip()), None)
        if track is None:
            raise RegistrationError("wrong_track", field=field_name(session_id))
        chosen[session_id] = track
    if sent:
        raise RegistrationError("wrong_track")
    return chosen


def _lock(tracks):
    ids = sorted({track.pk for track in tracks})
    return list(SessionTrack.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _seats_held(track_ids, exclude=None):
    """{track id: seats held} by the registrations that hold seats (`exclude`'s not counted)."""
    choices = TrackChoice.objects.filter(track_id__in=track_ids, registration__status__in=HOLDING)
    if exclude is not None and exclude.pk:
        choices = choices.exclude(registration=exclude)
    rows = choices.order_by().values("track").annotate(total=Sum("registration__seats"))
    return {row["track"]: row["total"] for row in rows}


def full_tracks(tracks, seats, *, exclude=None):
    """The tracks, among `tracks`, that have no room for `seats` more, locked: call inside the
    transaction that stores the choice."""
    locked = _lock(tracks)
    held = _seats_held([t.pk for t in locked], exclude)
    return [t for t in locked if t.capacity is not None and held.get(t.pk, 0) + seats > t.capacity]


def refuse_full(chosen, seats, *, exclude=None):
    """RegistrationError('track_full') on the first session whose chosen track lacks room."""
    full = full_tracks(chosen.values(), seats, exclude=exclude)
    if full:
        raise RegistrationError("track_full", field=field_name(full[0].session_id))


@transaction.atomic
def record_choices(registration, chosen, *, override=False):
    """Store a new registration's choices (in `register`'s transaction, after its seats were
    claimed). One that holds seats needs room in each track, unless staff went beyond
    capacity on purpose (`override`)."""
    if registration.holds_seats and not override:
        refuse_full(chosen, registration.seats, exclude=registration)
    for session_id, track in chosen.items():
        TrackChoice.objects.create(registration=registration, session_id=session_id, track=track)


@transaction.atomic
def change_choices(registration, chosen):
    """Change the registration's tracks to `chosen` (the registration locked by the caller):
    a new track of a registration that holds seats needs room; the others change freely."""
    current = {c.session_id: c for c in registration.track_choices.all()}
    changed = {
        session_id: track
        for session_id, track in chosen.items()
        if session_id not in current or current[session_id].track_id != track.pk
    }
    if registration.holds_seats:
        refuse_full(changed, registration.seats, exclude=registration)
    for session_id, track in changed.items():
        TrackChoice.objects.update_or_create(
            registration=registration, session_id=session_id, defaults={"track": track}
        )
    return changed


def drop_full_wishes(registration):
    """A waitlisted registration was just given seats (inside the quota's locked
    transaction): its wishes whose track has no room are dropped, so that a track is never
    overfilled; the person chooses again. Returns the dropped choices."""
    choices = list(registration.track_choices.select_related("track"))
    if not choices:
        return []
    full = {
        t.pk
        for t in full_tracks([c.track for c in choices], registration.seats, exclude=registration)
    }
    dropped = [c for c in choices if c.track_id in full]
    for choice in dropped:
        choice.delete()
    return dropped


def chosen_tracks(registration):
    """{session id: track} of the registration's choices."""
    return {c.session_id: c.track for c in registration.track_choices.select_related("track")}


def missing_sessions(registration, offered=None):
    """The ids of the sessions with tracks for which the registration has no choice."""
    offered = offered if offered is not None else tracks_by_session(registration.event)
    chosen = {c.session_id for c in registration.track_choices.all()}
    return [session_id for session_id in offered if session_id not in chosen]
