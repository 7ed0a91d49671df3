"""Lookups that a public page repeats many times while it renders, made once per request.

Wagtail reads every page view restriction each time a queryset is narrowed to public pages
(`PageQuerySet.public()`), the restrictions of a page and its ancestors each time it serves
or checks one (`Page.get_view_restrictions()`, two queries), and the active locale each time
a page is localized (`Locale.get_active()`, `Locale.objects.get_for_language()`): a home page
that lists news, events and food drives did each of them several times. They change only
through the admin, never while a page is read, so during a GET (or HEAD) request the first
answer stands for the rest of it; the restrictions are also kept in the shared cache under
the public version (cms.core.freshness). Outside a request, and during a request that may
write, they are read each time, as Wagtail does."""

from contextvars import ContextVar

from django.core.cache import cache
from django.db.models import Q
from wagtail.models import Page, PageViewRestriction
from wagtail.models.i18n import LocaleManager
from wagtail.query import PageQuerySet

from cms.core import freshness

_memo = ContextVar("tsunagu_request_memo", default=None)


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def _memoised(key, read):
    memo = _memo.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def _sections():
    """(path, restriction) for each restricted page and each alias of one (a page under either
    is restricted), for a GET request: from the shared cache under the public version (a
    restriction saved or deleted moves it: cms.core.invalidation)."""

    def cached():
        key = f"tsunagu:restrictions:{freshness.version()}"
        sections = cache.get(key)
        if sections is None:
            sections = _read_sections()
            cache.set(key, sections, 60 * 60)
        return sections

    return _memoised("restricted sections", cached)


def _read_sections():
    restrictions = list(PageViewRestriction.objects.select_related("page"))
    by_page = {r.page_id: r for r in restrictions}
    sections = [(r.page.path, r) for r in restrictions]
    if by_page:
        aliases = Page.objects.filter(alias_of_id__in=by_page).only("path", "alias_of_id")
        sections += [(alias.path, by_page[alias.alias_of_id]) for alias in aliases]
    return sections


def _private_q(queryset):
    if _memo.get() is None:
        restrictions = PageViewRestriction.objects.select_related("page")
    else:
        restrictions = {r.pk: r for _, r in _sections()}.values()
    q = Q()
    for restriction in restrictions:
        q |= queryset.descendant_of_q(restriction.page, inclusive=True)
    # As Wagtail's: no private section matches no page.
    return q if q else Q(pk__in=[])


_wagtail_get_view_restrictions = Page.get_view_restrictions


def _get_view_restrictions(page):
    """Wagtail's rule, from the request's restrictions: those on the page or an ancestor,
    where an alias (Wagtail copies no restriction to it) counts as the page it is an alias of.
    Evaluated already, as the page serving, the index of news and the menu each ask."""
    if _memo.get() is None:
        return _wagtail_get_view_restrictions(page)
    restrictions = list({r.pk: r for path, r in _sections() if page.path.startswith(path)}.values())
    queryset = PageViewRestriction.objects.filter(pk__in=[r.pk for r in restrictions])
    queryset._result_cache = restrictions
    queryset._prefetch_done = True
    return queryset


_wagtail_get_for_language = LocaleManager.get_for_language


def _get_for_language(manager, language_code):
    return _memoised(
        ("locale", language_code), lambda: _wagtail_get_for_language(manager, language_code)
    )


def install():
    """Put the memoised lookups in Wagtail's place (from CoreConfig.ready)."""
    PageQuerySet.private_q = _private_q
    Page.get_view_restrictions = _get_view_restrictions
    LocaleManager.get_for_language = _get_for_language
