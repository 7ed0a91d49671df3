"""The read side of food drives: the figures and querysets that the public pages, the home
page and profile sections, the staff pages, the yearly report and the daily task share.
Nothing here writes; each function runs a fixed number of queries, however many rows."""

from dataclasses import dataclass

from django.db.models import Count, Min, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Locale

from cms.core.platform import in_platforms
from cms.core.platform_map import by_platform
from cms.core.text import normalise, to_hiragana
from events.fooddrives.models import (
    Distribution,
    FoodDrivePage,
    Intake,
    Pledge,
    PledgeLine,
    StockCorrection,
    WantedItem,
)


@dataclass
class ItemTotals:
    """Where one wanted item stands: pledged and not yet brought, received, handed over, and
    the sum of the stock's corrections (which are not food received)."""

    item: WantedItem
    pledged: int = 0
    received: int = 0
    distributed: int = 0
    corrected: int = 0

    @property
    def committed(self):
        return self.pledged + self.received

    @property
    def stock(self):
        return self.received - self.distributed + self.corrected

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


def _total(model, field="quantity", **filters):
    """The sum of `model`'s `field` for the outer item, 0 for none."""
    rows = model.objects.filter(item=OuterRef("pk"), **filters).order_by().values("item")
    return Coalesce(Subquery(rows.annotate(total=Sum(field)).values("total")), 0)


def _with_figures(items):
    """The items (a queryset) with what was pledged, received and handed over of each."""
    return items.annotate(
        total_pledged=_total(PledgeLine, pledge__status=Pledge.Status.PLEDGED),
        total_received=_total(Intake),
        total_distributed=_total(Distribution),
        total_corrected=_total(StockCorrection, "change"),
    )


def _totals(item):
    return ItemTotals(
        item,
        pledged=item.total_pledged,
        received=item.total_received,
        distributed=item.total_distributed,
        corrected=item.total_corrected,
    )


def item_totals(drive, items=None):
    """ItemTotals for each wanted item of drive (its original-language page), in the page's
    order, or of the `items` given (their objects kept: a caller may hold them locked). The
    stock of an item is its `stock`. One query."""
    if items is None:
        return [_totals(item) for item in _with_figures(drive.source.items.all())]
    items = list(items)
    figures = {
        row.pk: row
        for row in _with_figures(WantedItem.objects.filter(pk__in=[i.pk for i in items]))
    }
    return [
        ItemTotals(
            item,
            pledged=figures[item.pk].total_pledged,
            received=figures[item.pk].total_received,
            distributed=figures[item.pk].total_distributed,
            corrected=figures[item.pk].total_corrected,
        )
        if item.pk in figures
        else ItemTotals(item)
        for item in items
    ]


def totals_by_drive(drives):
    """{drive pk: [ItemTotals]} for many drives (any languages: a translation gets its
    original's figures), for lists of drives."""
    drives = list(drives)
    default = Locale.get_default()
    keys = {drive.translation_key for drive in drives}
    originals = {
        page.translation_key: page.pk
        for page in FoodDrivePage.objects.filter(translation_key__in=keys, locale=default).only(
            "pk", "translation_key"
        )
    }
    items = _with_figures(WantedItem.objects.filter(page__in=originals.values()))
    per_page = {}
    for item in items.order_by("sort_order"):
        per_page.setdefault(item.page_id, []).append(_totals(item))
    return {
        drive.pk: per_page.get(originals.get(drive.translation_key, drive.pk), [])
        for drive in drives
    }


#: The amounts of a food in `drive_figures`.
AMOUNTS = ("received", "distributed", "corrected")


def drive_figures(drives):
    """Per drive: pledges by status and amounts received, handed over and corrected (the
    stock's corrections, which are not food received), by item name and unit (for the
    yearly report and the past drives)."""
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
    for model, key, field in (
        (Intake, "received", "quantity"),
        (Distribution, "distributed", "quantity"),
        (StockCorrection, "corrected", "change"),
    ):
        for row in (
            model.objects.filter(drive__in=drives)
            .values("drive", "item__name", "item__unit")
            .annotate(total=Sum(field))
            .order_by()
        ):
            slot = amounts.setdefault(row["drive"], {}).setdefault(
                (row["item__name"], row["item__unit"]), dict.fromkeys(AMOUNTS, 0)
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


def desk_drives(platforms):
    """Every drive of `platforms` in the original language (pledges belong to it), latest
    collection first, for the staff list of drives."""
    return FoodDrivePage.objects.filter(
        in_platforms(platforms), locale=Locale.get_default()
    ).order_by("-collection_starts_on", "title")


def reminders_due(today):
    """Open pledges not reminded yet whose reminder day (the drive's `reminder_days` before
    the drop-off day) has come, in drives still running."""
    candidates = Pledge.objects.filter(
        status=Pledge.Status.PLEDGED,
        reminder_queued_at__isnull=True,
        drive__reminder_days__gt=0,
        drop_off_on__gte=today,
        drive__cancelled_at__isnull=True,
    ).select_related("drive")
    return [
        pledge
        for pledge in candidates
        if (pledge.drop_off_on - today).days <= pledge.drive.reminder_days
    ]


def pledges_due_before(day):
    """Pledges still to be brought whose drop-off day is before `day`."""
    return Pledge.objects.filter(status=Pledge.Status.PLEDGED, drop_off_on__lt=day)


def _lines():
    return Prefetch(
        "lines",
        queryset=PledgeLine.objects.select_related("item").order_by("item__sort_order", "pk"),
    )


def drive_pledges(drive, filters=None):
    """The drive's pledges for staff, with the person, point and lines, filtered by status,
    drop-off day, point and a name, kana, phone or address."""
    pledges = (
        Pledge.objects.filter(drive=drive)
        .select_related("person", "point")
        .prefetch_related(_lines())
        .order_by("drop_off_on", "point__sort_order", "created_at", "pk")
    )
    filters = filters or {}
    if filters.get("status"):
        pledges = pledges.filter(status=filters["status"])
    if filters.get("day"):
        pledges = pledges.filter(drop_off_on=filters["day"])
    if filters.get("point"):
        pledges = pledges.filter(point_id=filters["point"])
    query = normalise(filters.get("q") or "")
    if query:
        pledges = pledges.filter(
            Q(person__name__icontains=query)
            | Q(person__name_kana__icontains=to_hiragana(query))
            | Q(person__phone__icontains=query)
            | Q(person__email__icontains=query)
        )
    return pledges


def desk_pledges(drive):
    """The drive's pledges as the desk opens them: with the person, point and lines."""
    return (
        Pledge.objects.filter(drive=drive)
        .select_related("person", "point")
        .prefetch_related(_lines())
    )


def intakes(drive):
    """Food that came into the drive, latest first."""
    return (
        Intake.objects.filter(drive=drive)
        .select_related("item", "pledge")
        .order_by("-received_on", "-pk")
    )


def distributions(drive):
    """Food that went out of the drive, latest first."""
    return (
        Distribution.objects.filter(drive=drive)
        .select_related("item", "recipient")
        .order_by("-distributed_on", "-pk")
    )


def corrections(drive):
    """The corrections of the drive's stock, latest first, with who made them."""
    return (
        StockCorrection.objects.filter(drive=drive)
        .select_related("item", "recorded_by")
        .order_by("-corrected_on", "-pk")
    )


def receipt_intakes(receipt):
    """What a receipt lists: the food received of its pledge, or its one intake, in the order
    it came (one query)."""
    rows = Intake.objects.select_related("item")
    if receipt.pledge_id:
        rows = rows.filter(pledge_id=receipt.pledge_id)
    else:
        rows = rows.filter(pk=receipt.intake_id)
    return list(rows.order_by("received_on", "item__sort_order", "pk"))


def hand_over_slip(drive, distribution):
    """Everything the drive handed over on `distribution`'s day to its recipient: the lines of
    one hand-over slip (one query)."""
    rows = Distribution.objects.filter(drive=drive, distributed_on=distribution.distributed_on)
    if distribution.recipient_id:
        rows = rows.filter(recipient_id=distribution.recipient_id)
    else:
        rows = rows.filter(recipient__isnull=True, recipient_name=distribution.recipient_name)
    return list(rows.select_related("item").order_by("item__sort_order", "pk"))


def next_change_by_clock(now):
    """The next moment after `now` at which a drive's pledges close, for each platform
    ({platform pk: moment}, one query; its collection dates are days, which
    cms.core.freshness counts by midnight)."""
    found = by_platform(
        FoodDrivePage.objects.filter(live=True, pledges_close_at__gt=now),
        moment=Min("pledges_close_at"),
    )
    return {platform: row["moment"] for platform, row in found.items()}


def pledges_due_on(platforms, day):
    """Pledges of `platforms`' drives still to be brought to the desk on `day`, counted by
    drive: [{"drive", "drive__title", "pledges"}] (one query)."""
    return list(
        Pledge.objects.filter(
            in_platforms(platforms, "drive__path"),
            status=Pledge.Status.PLEDGED,
            drop_off_on=day,
            drive__cancelled_at__isnull=True,
        )
        .order_by("drive__title", "drive")
        .values("drive", "drive__title")
        .annotate(pledges=Count("pk"))
    )
