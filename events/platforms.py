"""The platforms as the public event lists and feeds need them, kept in the cache: which
platform a page belongs to (by its path), which platforms a prefecture's calendar shows, the
name and address that label another platform's event. A feed polled every few minutes and a
list within its query budget cannot ask the database for that on every request; like
Wagtail's site root paths, the map is read once and dropped when a site, a platform or a
home page changes."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation
from wagtail.models import Page, Site

from cms.core import platform as platforms
from cms.core.models import Platform

CACHE_KEY = "events:platform-map:1"


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


def shown_by(info):
    """The platforms whose public events a platform's calendar and lists show: its own, and
    for a prefecture those of the municipalities it hosts."""
    if info is None:
        return []
    shown = [info]
    if info.is_prefecture:
        shown += [other for other in platform_map().values() if other.prefecture_id == info.pk]
    return shown


def under(infos, prefix=""):
    """A Q for pages (or, with `prefix`, rows pointing at pages) in the trees of `infos`."""
    query = Q(pk__in=[])
    for info in infos:
        for path in info.paths:
            query |= Q(**{f"{prefix}path__startswith": path})
    return query


def _forget(**kwargs):
    cache.delete(CACHE_KEY)


for _model in (Platform, Site):
    post_save.connect(_forget, sender=_model, dispatch_uid=f"events-platforms-{_model.__name__}")
    post_delete.connect(
        _forget, sender=_model, dispatch_uid=f"events-platforms-d-{_model.__name__}"
    )


@receiver(post_save, dispatch_uid="events-platforms-home")
def _home_changed(sender, instance, raw=False, **kwargs):
    """A home page (or its translation) renamed or added: the names and paths change."""
    if isinstance(instance, Page) and instance.depth is not None and instance.depth <= 2:
        cache.delete(CACHE_KEY)


def address(page, path=None):
    """The full address, on the event's own platform (cms.core.platform.base_url), of `page`
    or of `path` (an address every platform's site answers, such as a private link): what
    mails and flyers of an event link to."""
    platform = platforms.of_page(page)
    if path is None:
        parts = page.get_url_parts()
        path = parts[2] if parts else "/"
    return platforms.base_url(platform) + path


def of_staff(user, *, readable=False):
    """The platforms whose events `user` may change (`readable`: may read) in the admin, as
    `staff_platforms` (`readable_platforms`) rule: every one for a superuser, else those of
    the account's role groups, none for an account in no platform's group."""
    infos = platform_map()
    if user.is_superuser:
        return list(infos.values())
    chosen = platforms.readable_platforms(user) if readable else platforms.staff_platforms(user)
    return [infos[pk] for pk in chosen.values_list("pk", flat=True) if pk in infos]


def staff_holds(user, page, *, readable=False):
    """Whether `page` (an event) is of a platform `user` works for (`readable`: reads)."""
    info = of_path(page.path)
    return info is not None and info in of_staff(user, readable=readable)


def staff_pks(user):
    """The primary keys of `of_staff(user)`, for querysets."""
    return [info.pk for info in of_staff(user)]
