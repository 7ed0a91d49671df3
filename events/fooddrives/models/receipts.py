"""What the desk writes beside food in and out: corrections of the stock (a stocktaking
difference, damaged or expired food, a miscount), kept as entries of their own that are never
changed or deleted, and the receipts (受領書) given to donors for what was actually received,
numbered per platform and fiscal year."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.core.models import platform_field
from events.fooddrives.models.drives import FoodDrivePage, WantedItem
from events.fooddrives.models.pledges import Pledge
from events.fooddrives.models.stock import Intake


class StockCorrection(models.Model):
    """A correction of one food's stock: more (found in a stocktake, a miscount) or less
    (damaged, past its date). The history keeps every entry: a wrong correction is undone by
    another one, never by editing or deleting this one."""

    class Reason(models.TextChoices):
        STOCKTAKE = "stocktake", _("Stocktaking difference")
        DAMAGED = "damaged", _("Damaged")
        EXPIRED = "expired", _("Past its date")
        MISCOUNT = "miscount", _("Miscounted")

    drive = models.ForeignKey(FoodDrivePage, on_delete=models.CASCADE, related_name="corrections")
    item = models.ForeignKey(
        WantedItem, verbose_name=_("food"), on_delete=models.RESTRICT, related_name="corrections"
    )
    change = models.IntegerField(_("change"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    corrected_on = models.DateField(_("corrected on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("stock correction")
        verbose_name_plural = _("stock corrections")
        ordering = ["-corrected_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(change=0), name="fooddrives_correction_change"),
        ]

    def __str__(self):
        return f"{self.item} {self.change:+d} ({self.get_reason_display()})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("a stock correction is never changed: record another one")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("a stock correction is never deleted: record another one")


class Receipt(models.Model):
    """The receipt for food received: of a pledge (everything received of it) or of food
    brought without one (one intake). Its number, once given, stays: issuing it again prints
    the same number."""

    platform = platform_field()
    fiscal_year = models.PositiveIntegerField(_("fiscal year"))
    number = models.PositiveIntegerField(_("number"))
    drive = models.ForeignKey(FoodDrivePage, on_delete=models.CASCADE, related_name="receipts")
    pledge = models.OneToOneField(
        Pledge, null=True, blank=True, on_delete=models.CASCADE, related_name="receipt"
    )
    intake = models.OneToOneField(
        Intake, null=True, blank=True, on_delete=models.CASCADE, related_name="receipt"
    )
    addressee = models.CharField(_("name on the receipt"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "fiscal_year", "number"], name="fooddrives_receipt_number"
            ),
            models.CheckConstraint(
                condition=Q(pledge__isnull=True, intake__isnull=False)
                | Q(pledge__isnull=False, intake__isnull=True),
                name="fooddrives_receipt_of_one",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """「2026-0007」: the fiscal year and the number within it."""
        return f"{self.fiscal_year}-{self.number:04d}"
