"""Shifts (seat pools) and sign-ups (claims on them), and the hours a sign-up counts for."""

import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldRowPanel

from events.capacity import LIVE, SeatClaim, SeatPool, Status, WaitlistPolicy
from volunteers.models.opportunities import Role, VolunteerOpportunity
from volunteers.models.volunteers import Volunteer


class Shift(SeatPool):
    """A stretch of time for one role; `capacity` is the most people it takes."""

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    opportunity = models.ForeignKey(
        VolunteerOpportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="shifts",
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.PROTECT, related_name="shifts"
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("If not the opportunity's place.")
    )
    min_people = models.PositiveSmallIntegerField(_("at least"), default=1)
    cancelled_at = models.DateTimeField(_("shift cancelled"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The SEQUENCE of the shift's calendar entries: raised when its time, place or status
    # changes, so that calendar apps replace what they have (RFC 5545).
    sequence = models.PositiveIntegerField(default=0, editable=False)

    SCHEDULE_FIELDS = ("starts_at", "ends_at", "place", "cancelled_at")

    panels = [
        FieldRowPanel(["opportunity", "role"]),
        FieldRowPanel(["starts_at", "ends_at"]),
        "place",
        FieldRowPanel(["min_people", "capacity"]),
        "cancelled_at",
    ]

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="volunteers_shift_ends"
            ),
        ]

    def __str__(self):
        # Tokyo time, as the admin lists and choosers show it (the database gives UTC)
        if self.starts_at is None:
            return str(self.role)
        return f"{self.role} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or set(update_fields) & set(self.SCHEDULE_FIELDS)):
            before = (
                Shift.objects.filter(pk=self.pk).values(*self.SCHEDULE_FIELDS, "sequence").first()
            )
            if before and any(before[f] != getattr(self, f) for f in self.SCHEDULE_FIELDS):
                self.sequence = before["sequence"] + 1
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "sequence", "updated_at"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A shift must end after it starts.")})
        if self.capacity is not None and self.capacity < self.min_people:
            raise ValidationError({"capacity": _("The most people must not be below the least.")})
        if (
            self.opportunity_id
            and self.role_id
            and self.opportunity.platform_id != self.role.platform_id
        ):
            raise ValidationError({"role": _("The role is another platform's.")})

    @property
    def where(self):
        return self.place or self.opportunity.place

    def seat_claims(self):
        return ShiftSignup.objects.filter(shift=self)

    def waitlist_policy(self):
        enabled = (
            VolunteerOpportunity.objects.filter(pk=self.opportunity_id)
            .values_list("waitlist_enabled", flat=True)
            .get()
        )
        return WaitlistPolicy(enabled=enabled, closes_at=self.starts_at)

    def claim_changed(self, claim, previous_status):
        from volunteers.services import notify_status_change

        notify_status_change(claim, previous_status)


QUARTER = Decimal("0.25")


def worked_hours(checked_in_at, checked_out_at):
    """Hours between check-in and check-out, to the nearest quarter hour; a shift across
    midnight is simply later on the next day."""
    if not checked_in_at or not checked_out_at or checked_out_at <= checked_in_at:
        return None
    seconds = Decimal((checked_out_at - checked_in_at).total_seconds())
    quarters = (seconds / 900).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return quarters * QUARTER


class ShiftSignup(SeatClaim):
    """A volunteer's place on a shift (or in line for one), and the hours they gave."""

    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="signups"
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="signups"
    )
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, null=True, blank=True)
    no_show = models.BooleanField(_("no-show"), default=False)
    reminder_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    swap_offered_at = models.DateTimeField(
        _("place offered for swap"),
        null=True,
        blank=True,
        help_text=_("The volunteer cannot come and offers the place; they stay on until taken."),
    )
    handed_over_to = models.ForeignKey(
        "self",
        verbose_name=_("handed over to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("shift sign-up")
        verbose_name_plural = _("shift sign-ups")
        ordering = ["shift__starts_at", "created_at", "pk"]
        indexes = [models.Index(fields=["shift", "status", "queued_at"])]
        constraints = [
            # The database's own guard behind the service: one live sign-up per shift and person.
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=Q(status__in=[str(s) for s in LIVE]),
                name="volunteers_one_live_signup",
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} – {self.shift}"

    @property
    def swap_pending(self):
        return self.status == Status.CONFIRMED and self.swap_offered_at is not None
