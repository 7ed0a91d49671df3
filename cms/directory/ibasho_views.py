"""The ibasho list: filters in a plain GET form, a server-rendered list, a public GeoJSON layer."""

import datetime as dt
import functools

from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.core.forms import NormalisedFormMixin
from cms.core.models import Topic
from cms.directory.ibasho import WEEKDAYS, IbashoPage


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
    return (
        IbashoPage.objects.live()
        .child_of(index_page)
        .select_related("organisation")
        .prefetch_related("target_groups", "schedule_rules", "extra_dates", "cancelled_dates")
        .order_by("name_kana", "pk")
    )


def filter_ibasho(queryset, data, now=None):
    """The ibasho matching cleaned filter data, as a list (the 7-day filter needs the schedule,
    which is expanded in Python over the prefetched rows: no query per ibasho)."""
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
    items = list(queryset.distinct())
    if data.get("soon"):
        now = now or timezone.now()
        until = now + dt.timedelta(days=7)
        items = [item for item in items if item.schedule.is_open_between(now, until)]
    return items


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
