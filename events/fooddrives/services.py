"""Food drives: pledging, cancelling, recording what came in and what went out. Every path
(the public form, staff on the phone, the drop-off desk, tasks) goes through these functions,
each one locked transaction.

Lock order, always: the drive row, then its wanted items by primary key, then the pledge. The
item lock is what keeps a target from being overshot by two pledges at once and the stock
from going below zero by two hand-overs at once."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from cms.core import outbox
from cms.core.text import normalise, normalise_email
from cms.people.models import Person
from cms.people.retention import register_hold
from cms.people.services import record_consent
from events.fooddrives.models import (
    Distribution,
    FoodDrivePage,
    Intake,
    Pledge,
    PledgeLine,
    PledgeMessage,
    WantedItem,
)

CONSENT_PURPOSE = "food-drive-pledge"
MAX_QUANTITY = 1000
# A pledge not brought this many days after its day no longer holds part of the target.
NOT_BROUGHT_AFTER = timedelta(days=3)


class PledgeError(Exception):
    """Why a pledge or a record was refused, in words for the visitor or the staff member."""

    MESSAGES = {
        "cancelled": _("This food drive has been cancelled."),
        "closed": _("This food drive takes no more pledges."),
        "no_lines": _("Choose at least one kind of food and how much."),
        "wrong_item": _("Choose one of the kinds of food this drive asks for."),
        "duplicate_item": _("Each kind of food can be chosen once."),
        "bad_quantity": _("Give a quantity from 1 to %(max)s."),
        "target_reached": _(
            "Enough “%(item)s” has been pledged already: %(left)s %(unit)s more can be pledged."
        ),
        "wrong_point": _("Choose one of the drop-off points."),
        "day_outside": _("Choose a drop-off day from %(first)s to %(last)s."),
        "day_past": _("The drop-off day has passed. Choose today or a later day."),
        "best_before": _(
            "“%(item)s”: the best-before date must be %(date)s or later (at least %(days)s "
            "days after the drop-off day)."
        ),
        "too_many": _(
            "Several pledges were made with this e-mail address in the last hour. Please try "
            "again later, or contact the secretariat."
        ),
        "not_allowed": _("This pledge cannot be changed any more."),
        "not_enough_stock": _(
            "Only %(stock)s %(unit)s of “%(item)s” is in stock: that much can be handed over."
        ),
        "no_recipient": _("Say who receives the food."),
    }

    def __init__(self, reason, **params):
        self.reason = reason
        self.params = params
        super().__init__(reason)

    @property
    def message(self):
        text = self.MESSAGES[self.reason]
        return text % self.params if self.params else text


@dataclass
class ItemTotals:
    """Where one wanted item stands: pledged and not yet brought, received, handed over."""

    item: WantedItem
    pledged: int = 0
    received: int = 0
    distributed: int = 0

    @property
    def committed(self):
        return self.pledged + self.received

    @property
    def stock(self):
        return self.received - self.distributed

    @property
    def left(self):
        """How much more can be pledged; None when there is no target."""
        if self.item.target is None:
            return None
        return max(self.item.target - self.committed, 0)

    @property
    def reached(self):
        return self.left == 0

    @property
    def percent(self):
        if not self.item.target:
            return None
        return min(round(100 * self.committed / self.item.target), 100)


def _sums(queryset, key):
    return {row[key]: row["total"] for row in queryset.values(key).annotate(total=Sum("quantity"))}


def item_totals(drive, items=None):
    """ItemTotals for each wanted item of drive (its original-language page), in the page's
    order; a fixed number of queries, however many items."""
    items = list(items if items is not None else drive.source.items.all())
    pledged = _sums(
        PledgeLine.objects.filter(item__in=items, pledge__status=Pledge.Status.PLEDGED), "item"
    )
    received = _sums(Intake.objects.filter(item__in=items), "item")
    distributed = _sums(Distribution.objects.filter(item__in=items), "item")
    return [
        ItemTotals(
            item,
            pledged=pledged.get(item.pk, 0),
            received=received.get(item.pk, 0),
            distributed=distributed.get(item.pk, 0),
        )
        for item in items
    ]


def totals_by_drive(drives):
    """{drive pk: [ItemTotals]} for many drives (any languages: a translation gets its
    original's figures) in a fixed number of queries, for lists of drives."""
    drives = list(drives)
    default = Locale.get_default()
    keys = {drive.translation_key for drive in drives}
    originals = {
        page.translation_key: page.pk
        for page in FoodDrivePage.objects.filter(translation_key__in=keys, locale=default).only(
            "pk", "translation_key"
        )
    }
    items = list(WantedItem.objects.filter(page__in=originals.values()).order_by("sort_order"))
    per_page = {}
    for totals in item_totals(None, items):
        per_page.setdefault(totals.item.page_id, []).append(totals)
    return {
        drive.pk: per_page.get(originals.get(drive.translation_key, drive.pk), [])
        for drive in drives
    }


@dataclass
class Line:
    """One kind of food in a pledge as typed: the item, how much, its best-before date."""

    item: WantedItem
    quantity: int
    best_before: object = None


def _lock_drive(drive):
    return FoodDrivePage.objects.select_for_update(of=("self",)).get(pk=drive.source.pk)


def _lock_items(drive, pks):
    return {
        item.pk: item
        for item in WantedItem.objects.select_for_update()
        .filter(page=drive, pk__in=pks)
        .order_by("pk")
    }


def _check_lines(drive, lines, drop_off_on):
    if not lines:
        raise PledgeError("no_lines")
    seen = set()
    for line in lines:
        if line.item.page_id != drive.pk:
            raise PledgeError("wrong_item")
        if line.item.pk in seen:
            raise PledgeError("duplicate_item")
        seen.add(line.item.pk)
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise PledgeError("bad_quantity", max=MAX_QUANTITY)
        earliest = drop_off_on + timedelta(days=drive.min_days_to_best_before)
        if line.best_before and line.best_before < earliest:
            raise PledgeError(
                "best_before",
                item=line.item.name,
                date=earliest.isoformat(),
                days=drive.min_days_to_best_before,
            )


def _check_day(drive, drop_off_on, today):
    if not drive.collection_starts_on <= drop_off_on <= drive.collection_ends_on:
        raise PledgeError(
            "day_outside",
            first=drive.collection_starts_on.isoformat(),
            last=drive.collection_ends_on.isoformat(),
        )
    if drop_off_on < today:
        raise PledgeError("day_past")


def _claim(drive, lines):
    """Refuse, naming the item, when a line would take an item past its target; the items are
    locked, so that two pledges for the last kilos cannot both pass."""
    items = _lock_items(drive, [line.item.pk for line in lines])
    totals = {t.item.pk: t for t in item_totals(drive, items.values())}
    for line in lines:
        left = totals[line.item.pk].left
        if left is not None and line.quantity > left:
            raise PledgeError("target_reached", item=line.item.name, left=left, unit=line.item.unit)


@transaction.atomic
def pledge(
    drive,
    *,
    point,
    drop_off_on,
    lines,
    name,
    email="",
    name_kana="",
    phone="",
    language="ja",
    consent_version="",
    submission_key=None,
    staff_user=None,
    now=None,
):
    """Record a pledge and queue its confirmation; returns (pledge, created). The same form
    sent twice (submission_key) returns the first pledge. Staff may record a pledge made by
    phone after pledging closed, never for a cancelled drive, and without an e-mail."""
    now = now or timezone.now()
    drive = _lock_drive(drive)
    if submission_key:
        existing = Pledge.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    state = drive.pledge_state(now)
    if state == "cancelled" or (state == "closed" and staff_user is None):
        raise PledgeError(state)
    if point.page_id != drive.pk:
        raise PledgeError("wrong_point")
    _check_day(drive, drop_off_on, timezone.localdate(now))
    _check_lines(drive, lines, drop_off_on)
    email = normalise_email(email or "")
    # Each pledge mails the address typed: capped like every such mail.
    earlier = Pledge.objects.filter(person__email__iexact=email)
    if email and staff_user is None and outbox.at_hourly_cap(earlier, now):
        raise PledgeError("too_many")
    _claim(drive, lines)
    person = Person.objects.create(
        name=normalise(name),
        name_kana=name_kana,
        email=email,
        phone=phone,
        language=language,
    )
    if consent_version:
        record_consent(person, CONSENT_PURPOSE, consent_version)
    pledge = Pledge.objects.create(
        drive=drive,
        person=person,
        point=point,
        drop_off_on=drop_off_on,
        submission_key=submission_key,
        created_by=staff_user,
    )
    PledgeLine.objects.bulk_create(
        PledgeLine(
            pledge=pledge, item=line.item, quantity=line.quantity, best_before=line.best_before
        )
        for line in lines
    )
    _queue(pledge, PledgeMessage.Kind.CONFIRMED)
    return pledge, True


def _locked(pledge):
    drive = _lock_drive(pledge.drive)
    _lock_items(drive, pledge.lines.values("item"))
    return drive, Pledge.objects.select_for_update().get(pk=pledge.pk)


@transaction.atomic
def cancel_pledge(pledge, *, now=None):
    """The person will not bring it after all: what they pledged is free for others."""
    now = now or timezone.now()
    _drive, pledge = _locked(pledge)
    if not pledge.is_open:
        raise PledgeError("not_allowed")
    pledge.status = Pledge.Status.CANCELLED
    pledge.changed_at = now
    pledge.save(update_fields=["status", "changed_at"])
    _queue(pledge, PledgeMessage.Kind.CANCELLED)
    return pledge


@transaction.atomic
def receive_pledge(pledge, quantities, *, staff_user=None, received_on=None, now=None):
    """The person brought their food: record what came of each line (quantities maps a
    line's pk to the amount, which may differ from the pledge; 0 or missing: not brought),
    close the pledge and thank them. Receiving twice changes nothing."""
    now = now or timezone.now()
    drive, pledge = _locked(pledge)
    if pledge.status == Pledge.Status.RECEIVED:
        return pledge
    if pledge.status == Pledge.Status.CANCELLED:
        raise PledgeError("not_allowed")
    received_on = received_on or timezone.localdate(now)
    intakes = []
    for line in pledge.lines.select_related("item"):
        quantity = quantities.get(line.pk, 0)
        if not 0 <= quantity <= MAX_QUANTITY:
            raise PledgeError("bad_quantity", max=MAX_QUANTITY)
        if quantity:
            intakes.append(
                Intake(
                    drive=drive,
                    item=line.item,
                    quantity=quantity,
                    pledge=pledge,
                    received_on=received_on,
                    recorded_by=staff_user,
                )
            )
    Intake.objects.bulk_create(intakes)
    pledge.status = Pledge.Status.RECEIVED if intakes else Pledge.Status.NOT_BROUGHT
    pledge.changed_at = now
    pledge.save(update_fields=["status", "changed_at"])
    if intakes:
        _queue(pledge, PledgeMessage.Kind.THANKS)
    return pledge


@transaction.atomic
def record_intake(
    drive, *, item, quantity, donor="", received_on=None, staff_user=None, submission_key=None
):
    """Food that came without a pledge (a collection box, a company's delivery). The same form
    sent twice (submission_key) records it once and returns the first record."""
    drive = _lock_drive(drive)
    if submission_key:
        existing = Intake.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    if item.page_id != drive.pk:
        raise PledgeError("wrong_item")
    if not 1 <= quantity <= MAX_QUANTITY * 10:
        raise PledgeError("bad_quantity", max=MAX_QUANTITY * 10)
    return Intake.objects.create(
        drive=drive,
        item=item,
        quantity=quantity,
        donor=normalise(donor or ""),
        received_on=received_on or timezone.localdate(),
        recorded_by=staff_user,
        submission_key=submission_key,
    )


@transaction.atomic
def distribute(
    drive,
    *,
    item,
    quantity,
    recipient=None,
    recipient_name="",
    distributed_on=None,
    staff_user=None,
    submission_key=None,
):
    """Hand food over to a food bank or a 子ども食堂: never more than is in stock, even when
    two people record hand-overs of the same item at once. The same form sent twice records
    it once."""
    drive = _lock_drive(drive)
    if submission_key:
        existing = Distribution.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    if item.page_id != drive.pk:
        raise PledgeError("wrong_item")
    recipient_name = normalise(recipient_name or "")
    if recipient is None and not recipient_name:
        raise PledgeError("no_recipient")
    if not 1 <= quantity <= MAX_QUANTITY * 10:
        raise PledgeError("bad_quantity", max=MAX_QUANTITY * 10)
    items = _lock_items(drive, [item.pk])
    (totals,) = item_totals(drive, items.values())
    if quantity > totals.stock:
        raise PledgeError("not_enough_stock", item=item.name, stock=totals.stock, unit=item.unit)
    return Distribution.objects.create(
        drive=drive,
        item=item,
        quantity=quantity,
        recipient=recipient,
        recipient_name="" if recipient is not None else recipient_name,
        distributed_on=distributed_on or timezone.localdate(),
        recorded_by=staff_user,
        submission_key=submission_key,
    )


@transaction.atomic
def cancel_drive_pledges(drive, *, now=None):
    """The drive is called off (published with `cancelled_at`): every open pledge is
    cancelled and each person told; returns how many."""
    now = now or timezone.now()
    drive = _lock_drive(drive)
    if drive.cancelled_at is None:
        return 0
    count = 0
    for pledge in Pledge.objects.select_for_update().filter(
        drive=drive, status=Pledge.Status.PLEDGED
    ):
        pledge.status = Pledge.Status.CANCELLED
        pledge.changed_at = now
        pledge.save(update_fields=["status", "changed_at"])
        _queue(pledge, PledgeMessage.Kind.DRIVE_CANCELLED)
        count += 1
    return count


def queue_reminders(now=None):
    """Remind each open pledge the set number of days before its drop-off day, once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = Pledge.objects.filter(
        status=Pledge.Status.PLEDGED,
        reminder_queued_at__isnull=True,
        drive__reminder_days__gt=0,
        drop_off_on__gte=today,
        drive__cancelled_at__isnull=True,
    ).select_related("drive")
    count = 0
    for pledge in due:
        if pledge.drop_off_on - timedelta(days=pledge.drive.reminder_days) > today:
            continue
        with transaction.atomic():
            claimed = Pledge.objects.filter(
                pk=pledge.pk, status=Pledge.Status.PLEDGED, reminder_queued_at__isnull=True
            ).update(reminder_queued_at=now)
            if claimed:
                _queue(pledge, PledgeMessage.Kind.REMINDER)
                count += 1
    return count


def close_unbrought(now=None):
    """Pledges not brought a few days after their day stop holding part of the target."""
    now = now or timezone.now()
    last_day = timezone.localdate(now) - NOT_BROUGHT_AFTER
    return Pledge.objects.filter(status=Pledge.Status.PLEDGED, drop_off_on__lt=last_day).update(
        status=Pledge.Status.NOT_BROUGHT, changed_at=now
    )


def _queue(pledge, kind):
    person = pledge.person
    if not person.email or person.erased_at:
        return None
    message = PledgeMessage.objects.create(pledge=pledge, kind=kind)
    message.queue()
    return message


@register_hold
def people_with_open_pledges(people):
    """Nobody is erased while their pledge is still to be brought."""
    return people.filter(pledges__status=Pledge.Status.PLEDGED)


def drive_figures(drives):
    """Per drive: pledges by status and amounts received and handed over, by item name and
    unit (for the yearly report); a fixed number of queries."""
    drives = list(drives)
    by_status = {}
    for row in (
        Pledge.objects.filter(drive__in=drives)
        .values("drive", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        by_status.setdefault(row["drive"], {})[row["status"]] = row["n"]
    amounts = {}
    for model, key in ((Intake, "received"), (Distribution, "distributed")):
        for row in (
            model.objects.filter(drive__in=drives)
            .values("drive", "item__name", "item__unit")
            .annotate(total=Sum("quantity"))
            .order_by()
        ):
            slot = amounts.setdefault(row["drive"], {}).setdefault(
                (row["item__name"], row["item__unit"]), {"received": 0, "distributed": 0}
            )
            slot[key] = row["total"]
    return [
        {
            "drive": drive,
            "pledges": by_status.get(drive.pk, {}),
            "amounts": amounts.get(drive.pk, {}),
        }
        for drive in drives
    ]


def open_drives(now=None):
    """Live drives that still take pledges."""
    now = now or timezone.now()
    return FoodDrivePage.objects.live().filter(
        Q(pledges_close_at__gt=now)
        | Q(pledges_close_at__isnull=True, collection_ends_on__gte=timezone.localdate(now)),
        cancelled_at__isnull=True,
    )
