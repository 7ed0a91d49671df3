"""The ibasho list: filters in a plain GET form, a server-rendered list, a public GeoJSON layer."""

import datetime as dt
import functools
from collections import defaultdict

from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.forms import NormalisedFormMixin
from cms.core.models import Topic
from cms.directory import schedule
from cms.directory.ibasho import (
    WEEKDAYS,
    IbashoCancelledDate,
    IbashoExtraDate,
    IbashoPage,
    IbashoScheduleRule,
)


class IbashoFilterForm(NormalisedFormMixin, forms.Form):
    area = forms.ChoiceField(label=_("Area"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *IbashoPage.Kind.choices]
    )
    group = forms.ChoiceField(label=_("For whom"), required=False)
    day = forms.TypedChoiceField(
        label=_("Day of the week"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any")), *WEEKDAYS],
    )
    free = forms.BooleanField(label=_("Free of charge only"), required=False)
    soon = forms.BooleanField(label=_("Open in the next 7 days"), required=False)

    def __init__(self, *args, areas=(), groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Any"))] + [(a, a) for a in areas]
        self.fields["group"].choices = [("", _("Any"))] + [(t.slug, t.name) for t in groups]


def ibasho_of(index_page):
    return IbashoPage.objects.live().child_of(index_page)


def filter_ibasho(queryset, data, now=None):
    """The ids of the ibasho matching cleaned filter data, in list order. Only ids are loaded
    here, so that a list of thousands of ibasho stays fast: the 7-day filter expands the
    schedules from three plain queries, and only the shown page is loaded in full."""
    if data.get("area"):
        queryset = queryset.filter(area=data["area"])
    if data.get("kind"):
        queryset = queryset.filter(kind=data["kind"])
    if data.get("group"):
        queryset = queryset.filter(target_groups__slug=data["group"])
    if data.get("day") is not None:
        queryset = queryset.filter(schedule_rules__weekday=data["day"])
    if data.get("free"):
        queryset = queryset.filter(is_free=True)
    ids = list(dict.fromkeys(queryset.order_by("name_kana", "pk").values_list("pk", flat=True)))
    if data.get("soon"):
        now = now or timezone.now()
        open_ids = open_between(queryset, now, now + dt.timedelta(days=7))
        ids = [pk for pk in ids if pk in open_ids]
    return ids


def open_between(queryset, after, until):
    """The ids, among the queryset's ibasho, of those open at some time between the two."""
    pages = queryset.values("pk")
    schedules = defaultdict(lambda: {"rules": [], "cancelled": set(), "extra": []})
    for rule in IbashoScheduleRule.objects.filter(page__in=pages):
        schedules[rule.page_id]["rules"].append(rule.as_rule())
    for extra in IbashoExtraDate.objects.filter(page__in=pages):
        schedules[extra.page_id]["extra"].append(extra.as_extra_date())
    for page_id, day in IbashoCancelledDate.objects.filter(page__in=pages).values_list(
        "page_id", "date"
    ):
        schedules[page_id]["cancelled"].add(day)
    return {
        page_id
        for page_id, parts in schedules.items()
        if schedule.Schedule(
            rules=parts["rules"], cancelled=frozenset(parts["cancelled"]), extra=parts["extra"]
        ).is_open_between(after, until)
    }


def ibasho_in_order(ids):
    """The full pages for these ids (one page of the list), with what the list shows."""
    pages = IbashoPage.objects.filter(pk__in=ids).prefetch_related(
        "target_groups", "schedule_rules", "extra_dates", "cancelled_dates"
    )
    by_id = {page.pk: page for page in pages}
    return [by_id[pk] for pk in ids if pk in by_id]


PER_PAGE = 50


@functools.cache
def leaflet_available():
    """Whether `make vendor` copied Leaflet from npm; without it the list is shown alone."""
    return finders.find("vendor/leaflet/leaflet.js") is not None


def index_context(index_page, request):
    base = ibasho_of(index_page)
    areas = (
        IbashoPage.objects.live()
        .child_of(index_page)
        .exclude(area="")
        .order_by("area")
        .values_list("area", flat=True)
        .distinct()
    )
    groups = Topic.objects.filter(locale=index_page.locale, kind=Topic.Kind.GROUP)
    form = IbashoFilterForm(request.GET or None, areas=list(areas), groups=list(groups))
    data = form.cleaned_data if form.is_valid() else {}
    page_obj = Paginator(filter_ibasho(base, data), PER_PAGE).get_page(request.GET.get("page"))
    page_obj.object_list = ibasho_in_order(page_obj.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "page_obj": page_obj,
        "ibasho_list": page_obj.object_list,
        "filter_query": query.urlencode(),
        "geojson_url": index_page.url + index_page.reverse_subpage("geojson"),
        "leaflet_available": leaflet_available(),
        "map_tiles": settings.TSUNAGU_MAP_TILES,
        "map_attribution": settings.TSUNAGU_MAP_ATTRIBUTION,
    }


def geojson(index_page, request):
    """Public fields of every ibasho with a position, for the map. Properties come from
    `IbashoPage.public_properties`, an explicit list, so a new private field never leaks here."""
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [float(item.longitude), float(item.latitude)],
            },
            "properties": item.public_properties(),
        }
        for item in IbashoPage.objects.live()
        .child_of(index_page)
        .exclude(latitude=None)
        .exclude(longitude=None)
        .order_by("pk")
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )
