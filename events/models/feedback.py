"""After the event: the satisfaction questionnaire mailed to the people who attended, and
their answers (one per registration). The figures feed the staff report of each event and
the yearly events report."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.core.outbox import OutboxMessage


class FeedbackRequest(OutboxMessage):
    """The questionnaire mail of one registration: a one-to-one row, so it goes out once
    however often the scheduled task runs."""

    platform_path = "registration__event"

    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="feedback_request"
    )

    delivery_task = "events.tasks.deliver_feedback_request"
    undelivered_related = ("registration__person", "registration__event")
    delivery_related = (*undelivered_related, "registration__feedback")
    body_template = "events/mail/feedback.txt"

    class Meta:
        verbose_name = _("questionnaire mail")
        verbose_name_plural = _("questionnaire mails")

    def __str__(self):
        return f"questionnaire #{self.registration_id}"

    def recipient(self):
        return self.registration.person

    def about(self):
        label = _("Questionnaire")
        return f"{label}: {self.registration.event.title}"

    def still_due(self):
        return "already answered" if hasattr(self.registration, "feedback") else None

    def _title(self):
        from events.discreet import shown_title

        return shown_title(self.registration.event)

    def subject(self):
        return f"{gettext('A few questions about the event')}: {self._title()}"

    def context(self):
        # The tasks deliver these rows (they import this module): the link is theirs to make.
        from events.tasks import feedback_link

        registration = self.registration
        return {
            "person": registration.person,
            "event": registration.event.localized,
            "title": self._title(),
            "link": feedback_link(registration, registration.person.language),
        }


class Feedback(models.Model):
    """One attendee's answers. Anonymous in every report: only counts and the comments
    (without names) are shown."""

    class HeardFrom(models.TextChoices):
        FLYER = "flyer", _("A flyer or poster")
        WEBSITE = "website", _("This website")
        ORGANISATION = "organisation", _("An organisation I know")
        ACQUAINTANCE = "acquaintance", _("Family, a friend or a neighbour")
        NEWSLETTER = "newsletter", _("A newsletter or the town bulletin")
        OTHER = "other", _("Other")

    class ComeAgain(models.TextChoices):
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    registration = models.OneToOneField(
        "events.Registration", on_delete=models.CASCADE, related_name="feedback"
    )
    event = models.ForeignKey("events.EventPage", on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("overall satisfaction"))
    heard_from = models.CharField(
        _("how you heard of the event"), max_length=20, choices=HeardFrom.choices, blank=True
    )
    come_again = models.CharField(
        _("would you come to a similar event"), max_length=10, choices=ComeAgain.choices, blank=True
    )
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire answer")
        verbose_name_plural = _("questionnaire answers")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="events_feedback_rating"
            )
        ]

    def __str__(self):
        return f"{self.event_id}: {self.rating}"
