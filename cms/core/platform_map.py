"""The platforms as public lists and feeds need them, kept in the cache: which platform a page
belongs to (by its path), which platforms a prefecture's lists show, the name and address that
label another platform's entry. A feed polled every few minutes and a list within its query
budget cannot ask the database for that on every request; like Wagtail's site root paths, the
map is read once and dropped when a site, a platform or a home page changes.

A prefecture's platform lists its municipalities' public records with its own (its calendar,
its events, its windows and ibasho: issue 18), each labelled with its platform, and a
`municipality` parameter (a platform's slug) narrows such a list to one of them."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation
from wagtail.models import Page, Site

from cms.core import platform as platforms
from cms.core.models import Platform
from cms.core.params import parse_slug

CACHE_KEY = "core:platform-map:1"


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

    @property
    def is_prefecture(self):
        return self.kind == Platform.Kind.PREFECTURE

    def name(self, language=None):
        language = language or translation.get_language() or ""
        return self.names.get(language) or next(iter(self.names.values()), self.slug)

    def holds(self, path):
        return any(path.startswith(home) for home in self.paths)


def _build():
    infos = {}
    for platform in Platform.objects.select_related("site__root_page"):
        home = platform.site.root_page
        homes = Page.objects.filter(
            translation_key=home.translation_key, depth=home.depth
        ).select_related("locale")
        homes = list(homes) or [home]
        infos[platform.pk] = PlatformInfo(
            pk=platform.pk,
            slug=platform.slug,
            kind=platform.kind,
            prefecture_id=platform.prefecture_id,
            site_id=platform.site_id,
            paths=tuple(sorted(page.path for page in homes)),
            base_url=platforms.base_url(platform),
            names={page.locale.language_code: page.title for page in homes},
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


def _forget(**kwargs):
    cache.delete(CACHE_KEY)


for _model in (Platform, Site):
    post_save.connect(_forget, sender=_model, dispatch_uid=f"core-platform-map-{_model.__name__}")
    post_delete.connect(
        _forget, sender=_model, dispatch_uid=f"core-platform-map-d-{_model.__name__}"
    )


@receiver(post_save, dispatch_uid="core-platform-map-home")
def _home_changed(sender, instance, raw=False, **kwargs):
    """A home page (or its translation) renamed or added: the names and paths change."""
    if isinstance(instance, Page) and instance.depth is not None and instance.depth <= 2:
        cache.delete(CACHE_KEY)
