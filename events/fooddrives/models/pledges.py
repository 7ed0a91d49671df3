"""Pledges: what a resident said they will bring, and the state machine of its status.

    (new) ──> pledged ─┬─> received
                       ├─> not_brought ─┬─> received      (a late arrival at the desk)
                       │                └─> not_brought   (the desk records again that nothing came)
                       └─> cancelled

Received and cancelled are final. A status is written in one place only, `PledgeQuerySet.move`
(and `Pledge.move_to`, which is `move` for one row): creating a pledge in another state than
pledged, saving a changed status or updating it in bulk any other way is refused."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core import freshness
from events.fooddrives.errors import IllegalTransition
from events.fooddrives.models.drives import DropOffPoint, FoodDrivePage, WantedItem


class PledgeStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")
    NOT_BROUGHT = "not_brought", _("Not brought")


#: Where a pledge may go from each status; None is a pledge being created.
TRANSITIONS = {
    None: {PledgeStatus.PLEDGED},
    PledgeStatus.PLEDGED: {
        PledgeStatus.RECEIVED,
        PledgeStatus.NOT_BROUGHT,
        PledgeStatus.CANCELLED,
    },
    PledgeStatus.NOT_BROUGHT: {PledgeStatus.RECEIVED, PledgeStatus.NOT_BROUGHT},
    PledgeStatus.RECEIVED: set(),
    PledgeStatus.CANCELLED: set(),
}


def check_transition(current, target):
    """Refuse (IllegalTransition) a move the table has no arrow for."""
    if target not in TRANSITIONS[current or None]:
        raise IllegalTransition(current, target)


class PledgeQuerySet(models.QuerySet):
    def move(self, source, target, *, now=None):
        """Move the pledges of this queryset that are in `source` to `target`, in one UPDATE
        (a pledge meanwhile in another status is left alone); returns how many moved."""
        check_transition(source, target)
        moved = models.QuerySet.update(
            self.filter(status=source), status=target, changed_at=now or timezone.now()
        )
        if moved:
            freshness.changed()  # the items' progress counts pledges by status
        return moved

    def update(self, **kwargs):
        if "status" in kwargs:
            raise IllegalTransition(None, kwargs["status"])
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for pledge in objs:
            check_transition(None, pledge.status)
        return super().bulk_create(objs, *args, **kwargs)


class Pledge(models.Model):
    """What a resident said they will bring, where and on which day."""

    Status = PledgeStatus

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    drive = models.ForeignKey(
        FoodDrivePage,
        verbose_name=_("food drive"),
        on_delete=models.CASCADE,
        related_name="pledges",
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="pledges"
    )
    point = models.ForeignKey(
        DropOffPoint,
        verbose_name=_("drop-off point"),
        on_delete=models.RESTRICT,
        related_name="pledges",
    )
    drop_off_on = models.DateField(_("drop-off day"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLEDGED
    )
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("pledged"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), null=True, blank=True)
    override_reason = models.CharField(
        _("beyond the limit per pledge because"), max_length=200, blank=True
    )
    reminder_queued_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["drop_off_on", "created_at", "pk"]
        indexes = [models.Index(fields=["drive", "status", "drop_off_on"])]

    def __str__(self):
        return f"{self.person} – {self.drive}"

    def save(self, *args, **kwargs):
        """A new pledge starts pledged; an existing one changes status through `move_to`."""
        if self._state.adding:
            check_transition(None, self.status)
        else:
            stored = getattr(self, "_stored_status", None)
            if stored is not None and self.status != stored:
                raise IllegalTransition(stored, self.status)
        super().save(*args, **kwargs)
        self._stored_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values):
        pledge = super().from_db(db, field_names, values)
        pledge._stored_status = pledge.__dict__.get("status")
        return pledge

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None or "status" in fields:
            self._stored_status = self.status

    def may_move_to(self, target):
        return target in TRANSITIONS[self.status]

    def move_to(self, target, *, now=None):
        """Move this pledge to `target`, or refuse (IllegalTransition) a move the table has no
        arrow for, or that the row in the database (changed meanwhile) no longer allows. Lock
        the pledge first (the services do)."""
        now = now or timezone.now()
        if not Pledge.objects.filter(pk=self.pk).move(self.status, target, now=now):
            raise IllegalTransition(self.status, target)
        self.status = self._stored_status = target
        self.changed_at = now
        return self

    @property
    def is_open(self):
        return self.status == self.Status.PLEDGED

    @property
    def token_purpose(self):
        """One pledge's link opens that pledge only."""
        return f"pledge:{self.reference.hex}"


class PledgeLine(models.Model):
    """One kind of food in a pledge: how much, and its best-before date."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(
        WantedItem, verbose_name=_("food"), on_delete=models.RESTRICT, related_name="pledge_lines"
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    best_before = models.DateField(_("best before"), null=True, blank=True)

    class Meta:
        verbose_name = _("pledged food")
        verbose_name_plural = _("pledged food")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="fooddrives_pledge_line_quantity"
            ),
            models.UniqueConstraint(fields=["pledge", "item"], name="fooddrives_one_line_per_item"),
        ]

    def __str__(self):
        return f"{self.item} × {self.quantity}"
