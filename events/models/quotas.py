"""What an event's registration form offers: kinds of places, each with its own capacity, and
the questions registrants answer."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldRowPanel
from wagtail.models import Orderable

from cms.core.inline_translation import InlineTranslatable
from events.capacity import SeatPool, WaitlistPolicy
from events.models.pages import EventPage


class Quota(InlineTranslatable, SeatPool, Orderable):
    """A kind of place with its own capacity: on site or online, one track of a workshop, one
    date of a repeated session. Every registration holds seats in exactly one quota. The label
    is translated with the page (mode and capacity synced); registrations hold the original
    page's quota."""

    page = ParentalKey(EventPage, related_name="quotas", on_delete=models.CASCADE)
    label = models.CharField(
        _("label"),
        max_length=100,
        blank=True,
        help_text=_(
            "Shown to registrants when there is a choice, e.g. 会場参加, ピアサポート分科会."
        ),
    )
    mode = models.CharField(
        _("attendance"),
        max_length=10,
        choices=[
            (EventPage.Attendance.ONSITE, _("On site")),
            (EventPage.Attendance.ONLINE, _("Online")),
        ],
        default=EventPage.Attendance.ONSITE,
    )

    panels = [FieldRowPanel(["label", "mode", "capacity"])]

    class Meta(Orderable.Meta):
        unique_together = [("translation_key", "locale")]
        verbose_name = _("places")
        verbose_name_plural = _("places")

    def __str__(self):
        return self.label or self.get_mode_display()

    def seat_claims(self):
        # Registration refers to Quota, so its module imports this one.
        from events.models.registration import Registration

        return Registration.objects.filter(quota=self)

    def waitlist_policy(self):
        event = EventPage.objects.only(
            "waitlist_enabled", "waitlist_mode", "offer_hours", "starts_at"
        ).get(pk=self.page_id)
        offer = None
        if event.waitlist_mode == EventPage.WaitlistMode.OFFER:
            offer = timedelta(hours=event.offer_hours or 1)
        return WaitlistPolicy(
            enabled=event.waitlist_enabled, offer_period=offer, closes_at=event.starts_at
        )

    def claim_changed(self, claim, previous_status):
        from events.capacity import HOLDING, Status
        from events.services.messages import notify_status_change
        from events.services.tracks import drop_full_wishes

        if previous_status == Status.WAITLISTED and claim.status in HOLDING:
            # Its track choices count from now on: none may overfill a track.
            drop_full_wishes(claim)
        notify_status_change(claim, previous_status)


class Question(Orderable):
    """A question the editor asks registrants of one event."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        CHECKBOX = "checkbox", _("Checkbox")

    page = ParentalKey(EventPage, related_name="questions", on_delete=models.CASCADE)
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line."))
    required = models.BooleanField(_("required"), default=False)

    panels = [FieldRowPanel(["label", "kind", "required"]), "choices"]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def clean(self):
        if self.kind in (self.Kind.SINGLE_CHOICE, self.Kind.MULTIPLE_CHOICE) and not self.options:
            raise ValidationError({"choices": _("Give at least one choice.")})

    @property
    def options(self):
        return [line.strip() for line in (self.choices or "").splitlines() if line.strip()]

    def __str__(self):
        return self.label
