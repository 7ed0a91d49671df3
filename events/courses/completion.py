"""Whether someone completed a course, computed from their attendance and nothing else.

Pure functions over plain values, so that every rule is tested without a database: the course
says which sessions count, which are required, how many are enough, and which make-up sessions
stand in for which session; the trainer's marks say the rest."""

from dataclasses import dataclass, field

PRESENT = "present"
LATE = "late"
ABSENT = "absent"
MAKE_UP = "make_up"

#: Marks that count as having attended a session. Late still counts (it is how the courses run:
#: a trainer notes lateness, the session is not lost); make-up on a session means the person
#: attended its content elsewhere (補講).
ATTENDED_MARKS = frozenset({PRESENT, LATE, MAKE_UP})


@dataclass(frozen=True)
class CompletionRule:
    """sessions: the regular sessions of the course (ids); minimum: how many of them are
    enough (None: all); required: those that must be among them; make_ups: {make-up session
    id: id of the regular session it replaces}."""

    sessions: tuple
    minimum: int | None = None
    required: frozenset = frozenset()
    make_ups: dict = field(default_factory=dict)

    @property
    def needed(self):
        if self.minimum is None:
            return len(self.sessions)
        return min(self.minimum, len(self.sessions))


@dataclass(frozen=True)
class Completion:
    complete: bool
    attended: frozenset
    needed: int
    missing_required: tuple
    counted_by: dict = field(default_factory=dict)


def counted_sessions(rule, marks):
    """{regular session: the session that counts for it} given {session id: mark} — the
    session itself, or the make-up session that replaced it."""
    counted = {}
    regular = set(rule.sessions)
    for session, mark in sorted(marks.items()):
        if mark not in ATTENDED_MARKS:
            continue
        if session in regular:
            counted[session] = session
        elif session in rule.make_ups and mark in (PRESENT, LATE):
            replaced = rule.make_ups[session]
            if replaced in regular:
                counted.setdefault(replaced, session)
    return counted


def attended_sessions(rule, marks):
    """The regular sessions that count as attended."""
    return frozenset(counted_sessions(rule, marks))


def evaluate(rule, marks):
    counted = counted_sessions(rule, marks)
    attended = frozenset(counted)
    missing = tuple(s for s in rule.sessions if s in rule.required and s not in attended)
    complete = bool(rule.sessions) and len(attended) >= rule.needed and not missing
    return Completion(
        complete=complete,
        attended=attended,
        needed=rule.needed,
        missing_required=missing,
        counted_by=counted,
    )
