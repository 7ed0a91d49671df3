"""Routing a request to a page in one query, whatever its depth.

Wagtail finds /ja/events/symposium/ a level at a time: the home's child "events" and its
specific page, then that page's child "symposium" and its specific page, two queries a level.
Every page of the path is known by its `url_path`, so one query fetches them all; the walk
below then does what Wagtail's own routing does at each level, and hands over to a page's own
`route()` wherever that could answer differently: a routable page whose sub-addresses match the
rest of the path (RoutablePageMixin), or a page type that routes in its own way."""

from django.http import Http404
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Locale, Page

WAGTAIL_ROUTES = (Page.route, RoutablePageMixin.route)


def route(root, request, components):
    """What `root.route(request, components)` returns, with Wagtail's routing (the root's
    `super().route`) for less than two levels, where it costs no more."""
    if len(components) < 2:
        return Page.route(root, request, components)
    prefixes = [
        root.url_path + "".join(f"{c}/" for c in components[:n])
        for n in range(1, len(components) + 1)
    ]
    chain = {
        page.url_path: page
        for page in Page.objects.filter(url_path__in=prefixes, path__startswith=root.path)
    }
    parent = root
    for depth, prefix in enumerate(prefixes):
        page = chain.get(prefix)
        if page is None:
            raise Http404
        page._cached_parent_obj = parent  # as Wagtail does: get_parent() without a query
        parent = page
        remaining = components[depth + 1 :]
        if not remaining or _routes_itself(page, remaining):
            return page.specific.route(request, remaining)
    raise Http404  # not reached: the last level has no remaining components


def route_or_original(root, request, components):
    """What `route(root, …)` returns, or, when the path is not in `root`'s language (/vi/about/
    where the Vietnamese home has no "about" yet), the page at that path under the home in
    the default language, to be shown in that language rather than a 404."""
    try:
        return route(root, request, components)
    except Http404:
        original = root.get_translation_or_none(Locale.get_default())
        if original is None or original.pk == root.pk:
            raise
        return route(original, request, components)


def _routes_itself(page, remaining):
    """Whether the page's own route() could answer for the remaining path, not a child."""
    model = page.specific_class
    if model is None:
        return True
    if model.route not in WAGTAIL_ROUTES:
        return True
    if issubclass(model, RoutablePageMixin) and page.live:
        try:
            model.get_resolver().resolve("/" + "/".join(remaining) + "/")
        except Resolver404:
            return False
        return True
    return False
