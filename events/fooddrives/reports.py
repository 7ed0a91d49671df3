"""The yearly report of food drives (年度, April to March, as the events and courses reports
count): per drive, how many pledges there were and how they ended, how much of each food
came in and went out, and to which organisations. Figures and organisations only: no
person's name."""

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from cms.core.fiscal import fiscal_year_bounds
from cms.core.platform import in_platforms
from events.fooddrives.models import Distribution, FoodDrivePage, Intake, Pledge, WantedItem
from events.fooddrives.queries import AMOUNTS, drive_figures

STATUSES = (
    Pledge.Status.RECEIVED,
    Pledge.Status.NOT_BROUGHT,
    Pledge.Status.PLEDGED,
    Pledge.Status.CANCELLED,
)


def drives_of_year(year, platforms):
    """The drives (original language) of `platforms` whose collection started in fiscal
    `year`: published, or with anything recorded."""
    start, end = (timezone.localdate(bound) for bound in fiscal_year_bounds(year))
    return (
        FoodDrivePage.objects.filter(
            in_platforms(platforms),
            locale=Locale.get_default(),
            collection_starts_on__gte=start,
            collection_starts_on__lt=end,
        )
        .filter(
            Q(live=True)
            | Q(pk__in=Pledge.objects.values("drive"))
            | Q(pk__in=Intake.objects.values("drive"))
        )
        .order_by("collection_starts_on", "pk")
    )


def _recipients(drives):
    """{(drive pk, food, unit): [(organisation, quantity)]}, most first, in one query."""
    recipients = {}
    for row in (
        Distribution.objects.filter(drive__in=drives)
        .values("drive", "item__name", "item__unit", "recipient__title", "recipient_name")
        .annotate(total=Sum("quantity"))
        .order_by("drive", "-total", "recipient__title", "recipient_name")
    ):
        key = (row["drive"], row["item__name"], row["item__unit"])
        label = row["recipient__title"] or row["recipient_name"]
        recipients.setdefault(key, []).append((label, row["total"]))
    return recipients


def yearly_report(year, platforms):
    """One entry per drive of fiscal `year`: its pledges by status and, per wanted food, the
    target, what came in, what went out and to whom; a fixed number of queries."""
    drives = list(drives_of_year(year, platforms))
    items = {}
    for item in WantedItem.objects.filter(page__in=drives).order_by("sort_order", "pk"):
        items.setdefault(item.page_id, []).append(item)
    recipients = _recipients(drives)
    report = []
    for figures in drive_figures(drives):
        drive = figures["drive"]
        amounts = figures["amounts"]
        foods = []
        for item in items.get(drive.pk, []):
            key = (item.name, item.unit)
            amount = amounts.get(key, dict.fromkeys(AMOUNTS, 0))
            foods.append(
                {
                    "name": item.name,
                    "unit": item.unit,
                    "target": item.target,
                    "received": amount["received"],
                    "distributed": amount["distributed"],
                    "corrected": amount["corrected"],
                    "recipients": recipients.get((drive.pk, *key), []),
                }
            )
        report.append(
            {
                "drive": drive,
                "pledges": {status: figures["pledges"].get(status, 0) for status in STATUSES},
                "foods": foods,
            }
        )
    return report


def _recipient_text(recipients):
    return "、".join(f"{label} {quantity}" for label, quantity in recipients)


def yearly_report_table(year, platforms):
    """The report as (header, rows) for `cms.core.exports`: a row per drive and food (the
    pledge counts on a drive's first row only, so that columns add up), then a total row
    per food and unit over all drives."""
    report = yearly_report(year, platforms)
    header = [
        _("Fiscal year"),
        _("Food drive"),
        _("First day of collection"),
        _("Last day of collection"),
        _("Pledges brought"),
        _("Pledges not brought"),
        _("Pledges still open"),
        _("Pledges cancelled"),
        _("Food"),
        _("Unit"),
        _("Target"),
        _("Received"),
        _("Handed over"),
        _("Stock corrections"),
        _("In stock"),
        _("Handed over to"),
    ]
    table = []
    totals = {}
    for entry in report:
        drive = entry["drive"]
        counts = [entry["pledges"][status] for status in STATUSES]
        for n, food in enumerate(entry["foods"] or [None]):
            row = [
                year,
                drive.title,
                drive.collection_starts_on,
                drive.collection_ends_on,
                *(counts if n == 0 else [None] * len(STATUSES)),
            ]
            if food is None:
                table.append(row + [""] * 2 + [None] * 5 + [""])
                continue
            row += [
                food["name"],
                food["unit"],
                food["target"],
                food["received"],
                food["distributed"],
                food["corrected"],
                food["received"] - food["distributed"] + food["corrected"],
                _recipient_text(food["recipients"]),
            ]
            table.append(row)
            total = totals.setdefault((food["name"], food["unit"]), [0, 0, 0])
            total[0] += food["received"]
            total[1] += food["distributed"]
            total[2] += food["corrected"]
    pledge_totals = [sum(entry["pledges"][status] for entry in report) for status in STATUSES]
    for n, ((name, unit), (received, distributed, corrected)) in enumerate(totals.items()):
        table.append(
            [
                year,
                _("Total"),
                None,
                None,
                *(pledge_totals if n == 0 else [None] * len(STATUSES)),
                name,
                unit,
                None,
                received,
                distributed,
                corrected,
                received - distributed + corrected,
                "",
            ]
        )
    if not totals:
        table.append([year, _("Total"), None, None, *pledge_totals, "", "", None, 0, 0, 0, 0, ""])
    return header, table
