"""The one map of the platforms: for each platform (cms.core.models.Platform) its row, the
tree paths of its home page and of every translation of it (its pages are below them), the
home's path and title in each language, its address, and the sites on which a change of it
shows (its pages' and its records': `page_sites`, `record_sites`). Everything that asks
"which platform?" of a page path, or "which sites?" of a change, reads it:
`platform.of_page`/`home_paths` (mails, services, search), `of_path`/`of_request` and the
lists below (a prefecture's lists, labels), `freshness` (which version a change moves, and the
clock of each site), `fallback.under_home` (the visitor's home and the Japanese one).

Kept in the shared cache under one key, read in two queries when it is not there (the
platforms with their sites; the homes and their translations), and dropped by ONE rule: a
Site or a Platform saved or deleted, a page at the homes' depth (a home, or a translation of
it: depth 2) saved or deleted, or any page moved; dropped again when the transaction of that
change commits (a request that read the map in between read the old one). Like Wagtail's site
root paths. Nothing else keeps home paths or site sets.

A prefecture's platform lists its municipalities' public records with its own (its calendar,
its events, its windows and ibasho: issue 18), each labelled with its platform, and a
`municipality` parameter (a platform's slug) narrows such a list to one of them."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Substr
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site
from wagtail.signals import post_page_move

from cms.core import platform as platforms
from cms.core.models import Platform
from cms.core.params import parse_slug

CACHE_KEY = "core:platform-map:2"
#: The depth of a home page (the root is 1): a page saved there may be a home or a
#: translation of one, and drops the map.
HOME_DEPTH = 2


@dataclass(frozen=True)
class PlatformInfo:
    pk: int
    slug: str
    kind: str
    prefecture_id: int | None
    site_id: int
    # The paths of its home page and of the home's translations: its pages are below them.
    paths: tuple[str, ...]
    base_url: str
    # {language code: the home page's title}: the platform's name in each language.
    names: dict = field(default_factory=dict, compare=False)
    # The path of the site's root page (the home in the default language), and {language
    # code: path} of its live homes: where a visitor's language has none, the first.
    home_path: str = ""
    homes: dict = field(default_factory=dict, compare=False)
    # The sites whose cached output shows a change of its pages (its own, and its
    # prefecture's, whose calendar shows them) and of its records (those, and for a
    # prefecture its municipalities': a registry it shares).
    page_sites: tuple[int, ...] = ()
    record_sites: tuple[int, ...] = ()
    # The Platform with its site, as `platform.of_page` answers it.
    row: Platform | None = field(default=None, compare=False, repr=False)

    @property
    def is_prefecture(self):
        return self.kind == Platform.Kind.PREFECTURE

    def name(self, language=None):
        language = language or translation.get_language() or ""
        return self.names.get(language) or next(iter(self.names.values()), self.slug)

    def holds(self, path):
        return any(path.startswith(home) for home in self.paths)

    def home_paths(self, language=None):
        """The paths of its home in `language` (the active one), when live, and of its home
        in the default language: the trees a list in that language reads (cms.core.fallback)."""
        try:
            language = get_supported_content_language_variant(
                language or translation.get_language() or ""
            )
        except LookupError:  # as Wagtail's Locale.get_active(): the default language
            language = None
        return list(dict.fromkeys([self.homes.get(language, self.home_path), self.home_path]))


def _build():
    rows = list(Platform.objects.select_related("site"))
    roots = [row.site.root_page_id for row in rows]
    homes = Page.objects.filter(
        translation_key__in=Page.objects.filter(pk__in=roots).values("translation_key")
    ).values_list(
        "pk", "path", "depth", "translation_key", "title", "live", "locale__language_code"
    )
    homes = list(homes)
    by_pk = {home[0]: home for home in homes}
    site_of = {row.pk: row.site_id for row in rows}
    infos = {}
    for row in rows:
        root = by_pk.get(row.site.root_page_id)
        mine = [home for home in homes if root and home[2:4] == root[2:4]]
        above = {site_of[row.prefecture_id]} if row.prefecture_id in site_of else set()
        below = {site_of[other.pk] for other in rows if other.prefecture_id == row.pk}
        infos[row.pk] = PlatformInfo(
            pk=row.pk,
            slug=row.slug,
            kind=row.kind,
            prefecture_id=row.prefecture_id,
            site_id=row.site_id,
            paths=tuple(sorted(home[1] for home in mine)),
            base_url=platforms.base_url(row),
            names={home[6]: home[4] for home in mine},
            home_path=root[1] if root else "",
            homes={home[6]: home[1] for home in mine if home[5]},
            page_sites=tuple(sorted({row.site_id} | above)),
            record_sites=tuple(sorted({row.site_id} | above | below)),
            row=row,
        )
    return infos


def platform_map():
    """{platform pk: PlatformInfo}, from the cache."""
    infos = cache.get(CACHE_KEY)
    if infos is None:
        infos = _build()
        cache.set(CACHE_KEY, infos, timeout=None)
    return infos


def of_path(path):
    """The platform whose pages include the page at tree `path` (None for the root)."""
    return next((info for info in platform_map().values() if info.holds(path)), None)


def by_platform(queryset, path="path", **aggregates):
    """The `aggregates` (name: aggregate) of `queryset`'s rows for each platform, grouped by
    the home that the page at `path` is under, in the query: {platform pk: {name: value}}.
    One query for each depth the homes are at (one). Rows under no platform's home are left
    out: no site shows them."""
    infos = platform_map()
    home_of = {home: info.pk for info in infos.values() for home in info.paths}
    found = {}
    for length in sorted({len(home) for home in home_of}):
        rows = (
            queryset.annotate(_home=Substr(path, 1, length))
            .filter(_home__in=[home for home in home_of if len(home) == length])
            .order_by()
            .values("_home")
            .annotate(**aggregates)
        )
        for row in rows:
            found[home_of[row.pop("_home")]] = row
    return found


def of_request(request):
    """The platform of the request's site (the default one when no site matches)."""
    site = Site.find_for_request(request)
    infos = platform_map()
    if site is not None:
        found = next((info for info in infos.values() if info.site_id == site.pk), None)
        if found is not None:
            return found
    default = platforms.default()
    return infos.get(default.pk) if default else None


def shown_by(info, municipality=None):
    """The platforms whose public records a platform's lists show: its own, and for a
    prefecture those of the municipalities it hosts; only the one whose slug is
    `municipality` (a raw parameter: anything else is ignored) when it is one of them."""
    if info is None:
        return []
    shown = [info]
    if info.is_prefecture:
        shown += [other for other in platform_map().values() if other.prefecture_id == info.pk]
    chosen = parse_slug(municipality)
    if chosen and len(shown) > 1:
        shown = [other for other in shown if other.slug == chosen] or shown
    return shown


def municipalities(info):
    """The municipalities' platforms a prefecture's lists show ([] for a municipality's
    platform)."""
    return shown_by(info)[1:]


def filter_choices(info):
    """The platforms a list's `municipality` filter offers: on a prefecture's platform, the
    prefecture itself (its own records only) and each of its municipalities; none elsewhere."""
    shown = shown_by(info)
    return shown if len(shown) > 1 else []


def under(infos, prefix=""):
    """A Q for pages (or, with `prefix`, rows pointing at pages) in the trees of `infos`."""
    query = Q(pk__in=[])
    for info in infos:
        for path in info.paths:
            query |= Q(**{f"{prefix}path__startswith": path})
    return query


def listed_by_index(pages, index, shown):
    """The pages of a queryset that an index page lists when its lists show the platforms
    `shown`: its own children, and the pages of the index's language on the other platforms
    (a prefecture's index listing its municipalities' events or ibasho)."""
    own = of_path(index.path)
    if len(shown) == 1 and shown[0] == own:
        return pages.child_of(index)
    others = [info for info in shown if info != own]
    query = under(others) & Q(locale_id=index.locale_id)
    if own in shown:
        query |= Q(path__startswith=index.path, depth=index.depth + 1)
    return pages.filter(query)


def label_others(items, own, info_of):
    """Name the platform of each item that is another platform's than `own` (a prefecture's
    list): `item.platform_label`, `item.platform_url`, `item.platform_slug`. `info_of(item)`
    gives the item's PlatformInfo (or None) from what is loaded: no query."""
    for item in items:
        info = info_of(item)
        if info is not None and info != own:
            item.platform_label = info.name()
            item.platform_url = info.base_url
            item.platform_slug = info.slug
    return items


def forget(**kwargs):
    """Drop the map (the rule in the module's docstring), and once more when the transaction
    that changed a site, a platform or a home commits."""
    cache.delete(CACHE_KEY)
    if not transaction.get_autocommit():
        transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def _page_changed(sender, instance, **kwargs):
    if isinstance(instance, Page) and (instance.depth or 0) <= HOME_DEPTH:
        forget()


for _model in (Platform, Site):
    post_save.connect(forget, sender=_model, dispatch_uid=f"platform-map-{_model.__name__}")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"platform-map-d-{_model.__name__}")
post_save.connect(_page_changed, dispatch_uid="platform-map-page")
post_delete.connect(_page_changed, dispatch_uid="platform-map-page-d")
post_page_move.connect(forget, dispatch_uid="platform-map-move")
