"""The ibasho list: filters in a plain GET form, a server-rendered list, a public GeoJSON layer."""

import functools

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import JsonResponse

from cms.core.frame import public_read
from cms.directory import queries
from cms.directory.ibasho.forms import IbashoFilterForm

PER_PAGE = 50


@functools.cache
def leaflet_available():
    """Whether `make vendor` copied Leaflet from npm; without it the list is shown alone."""
    return finders.find("vendor/leaflet/leaflet.js") is not None


def index_context(index_page, request):
    base = queries.ibasho_of(index_page)
    areas, groups = public_read(
        f"ibasho-filters:{index_page.pk}", lambda: queries.ibasho_filter_choices(index_page)
    )
    form = IbashoFilterForm(request.GET or None, areas=areas, groups=groups)
    data = form.cleaned_data if form.is_valid() else {}
    page_obj = Paginator(queries.filter_ibasho(base, data), PER_PAGE).get_page(
        request.GET.get("page")
    )
    page_obj.object_list = queries.ibasho_in_order(page_obj.object_list)
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
        for item in queries.mapped_ibasho(index_page)
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )
