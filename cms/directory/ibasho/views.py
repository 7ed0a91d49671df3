"""The ibasho list: filters in a plain GET form, a server-rendered list, a public GeoJSON layer."""

import functools

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import JsonResponse

from cms.core import platform_map
from cms.core.frame import public_read
from cms.directory import queries
from cms.directory.ibasho.forms import IbashoFilterForm

PER_PAGE = 50


@functools.cache
def leaflet_available():
    """Whether `make vendor` copied Leaflet from npm; without it the list is shown alone."""
    return finders.find("vendor/leaflet/leaflet.js") is not None


def index_context(index_page, request):
    # On a prefecture's platform, its municipalities' ibasho too, each naming its platform,
    # and a filter to show one municipality's only (issue 18).
    own = platform_map.of_path(index_page.path)
    every = queries.ibasho_listed(index_page, platform_map.shown_by(own))
    areas, groups = public_read(
        f"ibasho-filters:{index_page.pk}",
        lambda: queries.ibasho_filter_choices(index_page, every),
    )
    form = IbashoFilterForm(
        request.GET or None,
        areas=areas,
        groups=groups,
        municipalities=platform_map.filter_choices(own),
    )
    data = form.cleaned_data if form.is_valid() else {}
    base = queries.ibasho_listed(index_page, platform_map.shown_by(own, data.get("municipality")))
    page_obj = Paginator(queries.filter_ibasho(base, data), PER_PAGE).get_page(
        request.GET.get("page")
    )
    page_obj.object_list = queries.label_ibasho(queries.ibasho_in_order(page_obj.object_list), own)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "page_obj": page_obj,
        "ibasho_list": page_obj.object_list,
        "filter_query": query.urlencode(),
        "geojson_url": index_page.get_url(request) + index_page.reverse_subpage("geojson"),
        "leaflet_available": leaflet_available(),
        "map_tiles": settings.TSUNAGU_MAP_TILES,
        "map_attribution": settings.TSUNAGU_MAP_ATTRIBUTION,
    }


def geojson(index_page, request):
    """Public fields of every ibasho with a position, for the map. Properties come from
    `IbashoPage.public_properties`, an explicit list, so a new private field never leaks here.
    On a prefecture's platform its municipalities' ibasho too, linked on their own site."""
    own = platform_map.of_path(index_page.path)
    listed = queries.ibasho_listed(index_page, platform_map.shown_by(own))
    items = queries.label_ibasho(list(queries.mapped_ibasho(index_page, listed)), own)
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [float(item.longitude), float(item.latitude)],
            },
            "properties": _properties(item),
        }
        for item in items
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


def _properties(item):
    properties = item.public_properties()
    if getattr(item, "platform_label", None):
        properties["url"] = item.platform_url + properties["url"]
        properties["platform"] = item.platform_label
    return properties
