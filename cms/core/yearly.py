"""The yearly report (年次報告) of a platform for one fiscal year (年度, April to March, Tokyo
time): what the secretariat reports to the prefecture and the government every year.

It is made of sections that each app contributes, as `cms` imports no app above it: a
function registered for the Wagtail hook `register_yearly_section` is called with a `Scope`
(the 年度 and the platforms counted) and returns a `Section` (or None): plain data, figures
and tables, that the admin page, the workbook, the PDF and the dashboard all render. Every
figure carries this year's value and the previous year's, so that they can be shown side by
side. A section runs a fixed number of queries, whatever the number of rows it counts."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import NoReverseMatch, reverse
from wagtail import hooks

from cms.core.fiscal import fiscal_year_bounds

HOOK = "register_yearly_section"

# The keys of the headline figures that sections mark (Figure.key): events held, their
# participants, supporters trained, and food received (one figure per food; summed per unit).
EVENTS_HELD, PARTICIPANTS, SUPPORTERS_TRAINED, FOOD_RECEIVED = (
    "events_held",
    "participants",
    "supporters_trained",
    "food_received",
)


@dataclass(frozen=True)
class Scope:
    """What a section counts: fiscal `year` and the platforms (their pks) it covers."""

    year: int
    platform_ids: tuple

    @property
    def bounds(self):
        """[start, end) of the year as aware datetimes."""
        return fiscal_year_bounds(self.year)

    @property
    def previous_bounds(self):
        return fiscal_year_bounds(self.year - 1)

    @property
    def days(self):
        """[first day, first day of the next year) as dates."""
        return date(self.year, 4, 1), date(self.year + 1, 4, 1)

    @property
    def previous_days(self):
        return date(self.year - 1, 4, 1), date(self.year, 4, 1)

    @property
    def last_days(self):
        """The last day of this year and of the previous one (31 March)."""
        return tuple(days[1] - timedelta(days=1) for days in (self.days, self.previous_days))

    def platforms(self):
        """The platforms as a queryset (no query until it is used, usually as a subquery)."""
        from cms.core.models import Platform

        return Platform.objects.filter(pk__in=self.platform_ids)


@dataclass
class Figure:
    """One number of the report: this year's and the previous year's, its unit and the
    admin list behind it. A headline figure has a `key` (see HEADLINES) by which the public
    "our activity" figures (cms.core.activity) find it without knowing the app."""

    label: str
    value: object
    previous: object = None
    unit: str = ""
    link: str = ""
    key: str = ""

    @property
    def change(self):
        if isinstance(self.value, int | float) and isinstance(self.previous, int | float):
            return self.value - self.previous
        return None


@dataclass
class Table:
    title: str
    header: list
    rows: list


@dataclass
class Section:
    """A part of the report: a short `key` (the sheet's and anchor's name), its title, the
    figures and the tables. `order` places it (members first, as the seeds' reports do)."""

    key: str
    title: str
    figures: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    order: int = 100
    # A monthly series of this 年度 for a chart ((month label, value), April first), and its
    # title: the members who joined per month.
    months: list = field(default_factory=list)
    months_title: str = ""


def sections(scope):
    """Every section for `scope`, in order."""
    found = [hook(scope) for hook in hooks.get_hooks(HOOK)]
    return sorted((s for s in found if s), key=lambda s: (s.order, s.key))


def split_years(queryset, field_name, scope, *, dates=False, **aggregates):
    """Helper for sections: `aggregates` (name: an aggregate factory taking a Q) over
    `queryset` for this year and the previous one, in one query: {name: (this, previous)}.
    `field_name` is the datetime (or, with `dates`, date) field that places a row in a year."""
    from django.db.models import Q

    this, previous = (
        (scope.days, scope.previous_days)
        if dates
        else (
            scope.bounds,
            scope.previous_bounds,
        )
    )
    terms = {}
    for name, make in aggregates.items():
        for suffix, (start, end) in (("this", this), ("previous", previous)):
            when = Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})
            terms[f"{name}__{suffix}"] = make(when)
    row = queryset.aggregate(**terms)
    return {name: (row[f"{name}__this"] or 0, row[f"{name}__previous"] or 0) for name in aggregates}


def admin_link(name):
    """The address of the admin list `name`, or "" where the app that has it is absent."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def redirect_to_report(request, section):
    """Where the yearly tables of before went: the report's section `section`, same 年度."""
    from django.shortcuts import redirect

    from cms.core.params import parse_year

    year = parse_year(request.GET.get("year"))
    return redirect(reverse("yearly_report") + (f"?year={year}" if year else "") + f"#{section}")
