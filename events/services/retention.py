"""What events ask of the retention of personal data (`cms.people.retention`, which finds
these by importing `events.services`)."""

from cms.people.retention import register_eraser, register_hold
from events import queries
from events.models import Feedback, Registration


@register_eraser
def erase_what_registrations_say(person):
    """Answers to an event's own questions (an allergy, a need for support), staff's reason for
    letting someone in over capacity and the comment on the questionnaire are free text about
    the person: they go with the person's name. The registration, its status and seats, and
    the questionnaire's ratings stay, so that the event's figures stay true. The form's
    submission key goes too: it is the person's browser's."""
    Registration.objects.filter(person=person).update(
        answers=[], override_reason="", submission_key=None
    )
    Feedback.objects.filter(registration__person=person).update(comment="")


# A read, kept with the other queries; registered here because the retention sweep imports
# `events.services` to find its holds.
register_hold(queries.people_with_upcoming_events)
