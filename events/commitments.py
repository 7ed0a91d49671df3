"""A person's other commitments at the time of an event (issue 21, "clashes both ways").

Registering for an event or a course warns a person who has something else on at the same
time; it never refuses. The warning is in the mail that confirms the place (events.tasks), sent
to the address alone: the public form says nothing, as anyone can type anyone's address there. Events must not import volunteers, so the apps that know of a
person's commitments register a `person_commitments` hook: a function of (platform, email,
start, end) returning the `Commitment`s of the person with that address on that platform
that overlap [start, end), in a fixed number of queries (one each). Volunteers register their
shifts; courses register a trainer's teaching sessions (events.courses.wagtail_hooks).

Only what the person needs is said: the kind of commitment and its time, never what it is
about (a mail may be read over a shoulder)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import formats, timezone
from wagtail import hooks

from cms.core import platform as platforms

HOOK = "person_commitments"


@dataclass(frozen=True)
class Commitment:
    kind: str  # "a volunteer shift", "a course you teach": translated, for a sentence
    starts_at: datetime
    ends_at: datetime

    @property
    def when(self):
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        return f"{formats.date_format(start, 'SHORT_DATETIME_FORMAT')}–{end:%H:%M}"


def clashes(event, email):
    """The commitments of the person at `email` that overlap a session of `event`, soonest
    first: one query for the sessions and one for each registered app, whatever was found."""
    if not email:
        return []
    source = event.source
    sessions = [(s.starts_at, s.ends_at or s.starts_at) for s in source.sessions.all()]
    if not sessions:
        return []
    platform = platforms.of_page(source)
    if platform is None:
        return []
    start, end = min(s for s, _ in sessions), max(e for _, e in sessions)
    found = {
        commitment
        for fn in hooks.get_hooks(HOOK)
        for commitment in fn(platform, email, start, end)
        if any(commitment.starts_at < e and commitment.ends_at > s for s, e in sessions)
    }
    return sorted(found, key=lambda c: (c.starts_at, c.ends_at, str(c.kind)))
