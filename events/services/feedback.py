"""After the event: the satisfaction questionnaire mailed to the people who attended, and
their answers (`events.models.feedback`)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.errors import Refusal
from cms.core.text import normalise_multiline
from events.capacity import Status
from events.models import Feedback, FeedbackRequest, Registration

FEEDBACK_DELAY = timedelta(hours=3)
FEEDBACK_UNTIL = timedelta(days=14)  # an old event's attendees are not asked any more


@transaction.atomic
def queue_feedback_requests(now=None):
    """Write the questionnaire mail of every attendee of an event that ended a few hours ago;
    each registration gets one (the one-to-one row), however often this runs."""
    now = now or timezone.now()
    due = (
        Registration.objects.filter(
            status=Status.ATTENDED,
            feedback_request__isnull=True,
            event__questionnaire=True,
            event__cancelled_at__isnull=True,
            event__ends_at__lte=now - FEEDBACK_DELAY,
            event__ends_at__gt=now - FEEDBACK_UNTIL,
        )
        .exclude(person__email="")
        .order_by("pk")
    )
    count = 0
    for registration in due:
        request, created = FeedbackRequest.objects.get_or_create(registration=registration)
        if created:
            request.queue()
            count += 1
    return count


class FeedbackError(Refusal):
    """An answer that cannot be stored: "rating" out of range, or "not attended" (the
    registration changed since the questionnaire was opened)."""

    messages = {"rating": _("Please choose how satisfied you were, from 1 to 5.")}
    fields = {"rating": "rating"}


@transaction.atomic
def record_feedback(registration, *, rating, heard_from="", come_again="", comment=""):
    """Store an attendee's answers once; returns (feedback, created). Answering again (a
    second tab, a double click) returns the first answers unchanged."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Status.ATTENDED:
        raise FeedbackError("not attended")
    if not 1 <= int(rating) <= 5:
        raise FeedbackError("rating")
    return Feedback.objects.get_or_create(
        registration=registration,
        defaults={
            "event_id": registration.event_id,
            "rating": int(rating),
            "heard_from": heard_from,
            "come_again": come_again,
            "comment": normalise_multiline(comment or "")[:1000],
        },
    )
