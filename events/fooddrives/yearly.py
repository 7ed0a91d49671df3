"""The yearly report's section of food drives (cms.core.yearly): drives held, pledges
brought, and food received by kind (by name and unit, as the drives ask for it) in the year,
the previous year beside it; in a fixed number of queries. The per-drive table is the food
drives' yearly report (events.fooddrives.reports)."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import Locale

from cms.core import yearly
from cms.core.platform import in_platforms
from cms.core.yearly import Figure, Section, Table, admin_link, split_years
from events.fooddrives import reports
from events.fooddrives.models import FoodDrivePage, Intake, Pledge


def _by_food(scope):
    """[(food, unit, this year, previous year)], most received first, in one query."""
    intakes = Intake.objects.filter(in_platforms(scope.platforms(), path="drive__path"))
    terms = {}
    for name, (start, end) in (("this", scope.days), ("previous", scope.previous_days)):
        terms[name] = Sum("quantity", filter=Q(received_on__gte=start, received_on__lt=end))
    rows = (
        intakes.filter(received_on__gte=scope.previous_days[0], received_on__lt=scope.days[1])
        .values("item__name", "item__unit")
        .annotate(**terms)
        .order_by("-this", "item__name", "item__unit")
    )
    return [
        [row["item__name"], row["item__unit"], row["this"] or 0, row["previous"] or 0]
        for row in rows
    ]


def fooddrives_section(scope):
    platforms = scope.platforms()
    drives = FoodDrivePage.objects.filter(
        in_platforms(platforms), locale=Locale.get_default(), cancelled_at__isnull=True
    )
    figures = split_years(
        drives, "collection_starts_on", scope, dates=True, drives=lambda q: Count("pk", filter=q)
    )
    pledges = Pledge.objects.filter(
        in_platforms(platforms, path="drive__path"), status=Pledge.Status.RECEIVED
    )
    figures |= split_years(
        pledges, "drop_off_on", scope, dates=True, brought=lambda q: Count("pk", filter=q)
    )
    by_food = _by_food(scope)
    header, rows = reports.yearly_report_table(scope.year, platforms)
    link = admin_link("fooddrives_admin:index")
    received = [
        Figure(
            _("Received: %(food)s") % {"food": food},
            this,
            previous,
            unit,
            link,
            key=yearly.FOOD_RECEIVED,
        )
        for food, unit, this, previous in by_food
    ]
    return Section(
        key="fooddrives",
        title=_("Food drives"),
        order=60,
        figures=[
            Figure(_("Food drives held"), *figures["drives"], pgettext("unit", "drives"), link),
            Figure(_("Pledges brought"), *figures["brought"], pgettext("unit", "pledges"), link),
            *received,
        ],
        tables=[
            Table(
                _("Food received"),
                [_("Food"), _("Unit"), _("This year"), _("Previous year")],
                by_food,
            ),
            Table(_("Per drive"), header, rows),
        ],
    )
