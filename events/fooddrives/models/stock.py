"""The stock of a drive: food that came in (`Intake`) and food that went out (`Distribution`).
The stock of an item is what came in less what went out; both are written by one service,
`events.fooddrives.services.stock.record_movement`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.fooddrives.models.drives import FoodDrivePage, WantedItem
from events.fooddrives.models.pledges import Pledge


class StockMovement(models.Model):
    """An amount of one wanted food coming in or going out, who recorded it and when."""

    #: Whether this movement takes food out of the stock (and so may not exceed it).
    goes_out = False

    # Each movement also has a `drive` and an `item` (their reverse names differ, which
    # migrations take literally from an abstract model), and its own day.
    quantity = models.PositiveIntegerField(_("quantity"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The desk's form, sent twice (a double click, a reload), records the food once.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="fooddrives_%(class)s_quantity"
            ),
        ]


class Intake(StockMovement):
    """Food that came in: from a pledge, or brought without one (a collection box, a walk-in,
    a company's delivery)."""

    drive = models.ForeignKey(FoodDrivePage, on_delete=models.CASCADE, related_name="intakes")
    item = models.ForeignKey(
        WantedItem, verbose_name=_("food"), on_delete=models.RESTRICT, related_name="intakes"
    )
    pledge = models.ForeignKey(
        Pledge,
        verbose_name=_("pledge"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="intakes",
    )
    donor = models.CharField(
        _("from"),
        max_length=200,
        blank=True,
        help_text=_("Without a pledge: e.g. 回収ボックス, 株式会社○○ (no private persons' names)."),
    )
    received_on = models.DateField(_("received on"))

    class Meta(StockMovement.Meta):
        verbose_name = _("food received")
        verbose_name_plural = _("food received")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"{self.item} × {self.quantity}"


class Distribution(StockMovement):
    """Food that went out to a food bank, a 子ども食堂 or a household support window."""

    goes_out = True

    drive = models.ForeignKey(FoodDrivePage, on_delete=models.CASCADE, related_name="distributions")
    item = models.ForeignKey(
        WantedItem, verbose_name=_("food"), on_delete=models.RESTRICT, related_name="distributions"
    )
    recipient = models.ForeignKey(
        "directory.MemberOrganisationPage",
        verbose_name=_("member organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recipient_name = models.CharField(
        _("recipient"),
        max_length=200,
        blank=True,
        help_text=_("An organisation that is not a member. Never a private person's name."),
    )
    distributed_on = models.DateField(_("handed over on"))

    class Meta(StockMovement.Meta):
        verbose_name = _("food handed over")
        verbose_name_plural = _("food handed over")
        ordering = ["-distributed_on", "-pk"]

    def __str__(self):
        return f"{self.item} × {self.quantity} → {self.recipient or self.recipient_name}"

    @property
    def recipient_label(self):
        return self.recipient.title if self.recipient else self.recipient_name
