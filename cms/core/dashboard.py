"""The admin home as each role's desk: what needs attention today, the year's figures beside
last year's, and the panels a trainer or a member editor needs.

`cms` knows nothing of events, volunteers or sponsors: each app contributes plain data through
Wagtail hooks, and the queries stay in the app's queries.py.

- `register_attention_items`: `fn(request, scope)` returns a list of `AttentionItem` (or
  nothing): the things the user may act on, each one count (a fixed number of queries, never
  one per row) and the address where it is done. An app checks the permission the work needs,
  so a role sees only its own work.
- `register_dashboard_figures`: `fn(request, scope)` returns a list of `FigureSection`: figures
  of this year and last (`cms.core.charts.Figure`) and, optionally, a monthly series.
- Panels of a role of their own (a trainer's sessions, a member's events) are `ListPanel`s an
  app adds through Wagtail's `construct_homepage_panels`.

Everything is scoped to `scope.platforms` (the platforms the user works for,
`staff_platforms`) or, for figures, `scope.readable` (a prefecture's staff read their
municipalities' too)."""

from dataclasses import dataclass, field
from functools import cached_property

from django.forms import Media
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail import hooks
from wagtail.admin.ui.components import Component

from cms.core import charts
from cms.core.models import PlatformRole
from cms.core.platform import readable_platforms, staff_platforms

#: Wagtail's admin home, every role's desk (a trainer's too), leaves its search box's
#: placeholder in English in Japanese: our catalog translates it (LOCALE_PATHS come first);
#: named here so that makemessages keeps it.
WAGTAIL_DESK_STRINGS = (gettext_noop("Search all pages…"),)


@dataclass(frozen=True)
class AttentionItem:
    """`count` things of one kind waiting (`label` says what, in words that read after the
    number), done at `url`; `rows` optionally names a few of them: (text, url) pairs."""

    key: str
    label: str
    count: int
    url: str
    rows: tuple = ()


@dataclass(frozen=True)
class FigureSection:
    """A heading, figures of this year and last, and optionally a monthly series
    ((month label, value) pairs) with its title."""

    title: str
    figures: list = field(default_factory=list)
    this_label: str = ""
    last_label: str = ""
    months: list = field(default_factory=list)
    months_title: str = ""
    unit: str = ""


@dataclass(frozen=True)
class ListRow:
    """A line of a `ListPanel`: its text, where it leads (optional) and a note after it."""

    text: str
    url: str = ""
    note: str = ""


class Scope:
    """Who is looking and when: the platforms they work for (`platforms`, a queryset that costs
    no query until a filter uses it), those they may read (`readable`), today in Tokyo time
    and now."""

    def __init__(self, user, now=None):
        self.user = user
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)

    @cached_property
    def platforms(self):
        return staff_platforms(self.user)

    @cached_property
    def readable(self):
        return readable_platforms(self.user)

    @cached_property
    def roles(self):
        """The roles (cms.core.roles) the user holds on any platform (one query)."""
        if not self.user.is_authenticated:
            return frozenset()
        return frozenset(
            PlatformRole.objects.filter(group__user=self.user).values_list("role", flat=True)
        )


def scope_of(request):
    if not hasattr(request, "_tsunagu_dashboard_scope"):
        request._tsunagu_dashboard_scope = Scope(request.user)
    return request._tsunagu_dashboard_scope


def _collected(hook_name, request):
    """What the hook's functions return, or None when none of them applies to the user."""
    scope = scope_of(request)
    results = None
    for fn in hooks.get_hooks(hook_name):
        returned = fn(request, scope)
        if returned is not None:
            results = [*(results or []), *returned]
    return results


def attention_items(request):
    """The attention items the user's roles have (None: none apply to the user)."""
    return _collected("register_attention_items", request)


def figure_sections(request):
    return _collected("register_dashboard_figures", request)


class DashboardPanel(Component):
    """A panel of the dashboard, with the charts' style sheet."""

    @property
    def media(self):
        return Media(css={"all": ["tsunagu/css/charts.css"]})


class AttentionPanel(DashboardPanel):
    name = "tsunagu_attention"
    template_name = "core/admin/dashboard/attention.html"
    order = 50

    def __init__(self, items):
        self.items = items

    def get_context_data(self, parent_context=None):
        return {
            "items": [item for item in self.items if item.count],
            "heading": _("Needs attention today"),
        }


class FiguresPanel(DashboardPanel):
    name = "tsunagu_figures"
    template_name = "core/admin/dashboard/figures.html"
    order = 60

    def __init__(self, sections):
        self.sections = sections

    def get_context_data(self, parent_context=None):
        return {
            "heading": _("This year's figures"),
            "sections": [
                {
                    "title": section.title,
                    "chart": charts.comparison_chart(
                        section.figures,
                        title=section.title,
                        this_label=section.this_label or None,
                        last_label=section.last_label or None,
                        chart_id=f"figures-{index}",
                    )
                    if section.figures
                    else "",
                    "monthly": charts.monthly_chart(
                        section.months,
                        title=section.months_title or section.title,
                        unit=section.unit,
                        chart_id=f"months-{index}",
                    )
                    if section.months
                    else "",
                }
                for index, section in enumerate(self.sections)
            ],
        }


class ListPanel(DashboardPanel):
    """A heading and a list of `ListRow`s, or `empty` when there are none."""

    template_name = "core/admin/dashboard/list.html"

    def __init__(self, name, heading, rows, empty, order=70):
        self.name = name
        self.heading = heading
        self.rows = rows
        self.empty = empty
        self.order = order

    def get_context_data(self, parent_context=None):
        return {"heading": self.heading, "rows": self.rows, "empty": self.empty, "id": self.name}


def add_panels(request, panels):
    """The attention list and the figures, for the users any of them applies to."""
    items = attention_items(request)
    if items is not None:
        panels.append(AttentionPanel(items))
    sections = figure_sections(request)
    if sections:
        panels.append(FiguresPanel(sections))


def without_site_summary(request, summary_items):
    """Wagtail's "N pages, N images, N documents" says nothing to the staff at their desk: only
    an administrator keeps it."""
    if not request.user.is_superuser:
        summary_items.clear()
