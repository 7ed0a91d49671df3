"""What events ask of the retention of personal data (`cms.people.retention`, which finds
these by importing `events.services`)."""

from cms.people.retention import register_eraser, register_hold
from events import queries
from events.models import Registration


@register_eraser
def clear_answers(person):
    """Answers to an event's own questions are free text (an allergy, a need for support):
    they go with the person's name."""
    Registration.objects.filter(person=person).update(answers=[])


# A read, kept with the other queries; registered here because the retention sweep imports
# `events.services` to find its holds.
register_hold(queries.people_with_upcoming_events)
