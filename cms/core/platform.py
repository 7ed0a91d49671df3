"""Which platform: of a request, of a site, of a staff account; and the platform's own name, as
every app's mails and calendar files sign with it.

One installation serves one or several platforms (cms.core.models.Platform), each a Wagtail
site. Public views scope what they list to `of_request(request)`; admin views scope to
`staff_platforms(user)` (what the account may change) or `readable_platforms(user)` (what it
may read: a prefecture's staff read their municipalities' records too). Work that runs outside
a request (tasks, mails) takes the platform from the record it works on.

Which platform's tree a page is in: a page belongs to the platform whose home (or a
translation of it: translations of a home are its siblings) starts its tree path.
`home_paths`/`of_path`/`of_page` answer it in Python, from the one map of the platforms
(cms.core.platform_map); `in_platforms`, `in_tree_of`,
`under_home`, `with_platform`, `ancestor_keys` and `rows_of` inside the query that reads the
pages or rows, at no query of their own (the one module for it)."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page, Site

from cms.core.models import Platform

# The role whose holders read across the municipalities of their prefecture's platform.
PREFECTURE_STAFF = "都道府県担当"


def default():
    """The platform of the default site (None before there is a site)."""
    return Platform.objects.filter(site__is_default_site=True).select_related("site").first()


def of_site(site):
    """The platform of a Wagtail site (every site is one: see `_every_site_a_platform`)."""
    if site is None:
        return None
    cached = getattr(site, "_tsunagu_platform", None)
    if cached is None:
        cached = Platform.objects.filter(site=site).first()
        site._tsunagu_platform = cached
    return cached


def of_request(request):
    """The platform whose site answers this request (the default one when no site matches),
    read once per request."""
    if not hasattr(request, "_tsunagu_platform"):
        site = Site.find_for_request(request)
        request._tsunagu_platform = of_site(site) if site is not None else default()
    return request._tsunagu_platform


def in_request(request):
    """The request's platform as a queryset to filter by (`platform__in=in_request(request)`):
    a public list scoped to it spends no query of its own on finding it."""
    if getattr(request, "_tsunagu_platform", None) is not None:
        return Platform.objects.filter(pk=request._tsunagu_platform.pk)
    site = Site.find_for_request(request)
    if site is None:
        return Platform.objects.filter(site__is_default_site=True)
    return Platform.objects.filter(site=site)


def of_page(page):
    """The platform whose home page `page` is, or sits under, in any language (None for the
    root page), from the platforms' map (cms.core.platform_map): no query once it is kept."""
    from cms.core.platform_map import of_path as info_of_path

    info = info_of_path(page.path)
    return info.row if info is not None else None


def home_paths():
    """{path: platform} of every platform's home and of each translation of it (a sibling of
    the home, with a tree of its own): with `of_path`, the platforms of many pages. Read from
    the platforms' map (cms.core.platform_map), which says when it is read again."""
    from cms.core.platform_map import platform_map

    return {path: info.row for info in platform_map().values() for path in info.paths}


def of_path(path, homes):
    """The platform of the page at `path`, given `home_paths()`."""
    for home_path, platform in homes.items():
        if path.startswith(home_path):
            return platform
    return None


def _homes_above(outer_path):
    """The pages whose path starts `outer_path` (any of them may be a platform's home)."""
    return Page.objects.filter(path=Substr(outer_path, 1, Length("path")))


def in_tree_of(site):
    """A filter for a queryset of pages: those of `site`'s platform (under its home or a
    translation of it), in the same SQL query. For public lists that cross index pages (the
    navigator's ibasho, the handbook) where a request's site is at hand and a query to find
    its homes' paths would cost one more: `IbashoPage.objects.filter(in_tree_of(site))`."""
    root = Page.objects.filter(sites_rooted_here=site)
    return Exists(
        _homes_above(OuterRef("path")).filter(
            translation_key__in=root.values("translation_key"), depth__in=root.values("depth")
        )
    )


def in_platforms(platforms, path="path"):
    """A filter for a page queryset: the pages of any of `platforms` (a Platform queryset, or
    their pks); for rows that lead to a page, `path` names its path ("registration__event__path").
    No query of its own."""
    if not isinstance(platforms, QuerySet):
        platforms = Platform.objects.filter(pk__in=list(platforms))
    return Exists(
        _homes_above(OuterRef(path)).filter(
            translation_key__in=platforms.values("site__root_page__translation_key")
        )
    )


def under_home(home):
    """A filter for a page queryset: the pages under `home` or a translation of it."""
    return Exists(_homes_above(OuterRef("path")).filter(translation_key=home.translation_key))


def with_platform(pages):
    """`pages` with `platform_id` (the platform of the tree each is in), in the same query."""
    homes = _homes_above(OuterRef(OuterRef("path")))
    return pages.annotate(
        platform_id=Subquery(
            Platform.objects.filter(
                site__root_page__translation_key__in=homes.values("translation_key")
            ).values("pk")[:1]
        )
    )


def ancestor_keys(page):
    """The translation keys of `page` and its ancestors (a subquery, no query of its own): a
    record whose platform's home has one of them is of `page`'s platform."""
    paths = [page.path[: page.steplen * n] for n in range(1, page.depth + 1)]
    return Page.objects.filter(path__in=paths).values("translation_key")


def rows_of(model, path, platforms):
    """A filter for a queryset of `model`: the rows of `platforms` (a Platform queryset or
    pks), where `path` leads from a row to its Platform ("platform", "person__platform") or
    to a page whose tree says ("event", "opportunity__event"). The one way an admin list,
    the outbox or a chooser narrows rows to platforms."""
    target = model
    for name in path.split("__"):
        target = target._meta.get_field(name).related_model
    if target is Platform:
        return Q(**{f"{path}__in": platforms})
    return in_platforms(platforms, f"{path}__path")


def of_record(record, path):
    """The platform `record` reaches by the lookup `path` ("grant__person__platform", or one
    that ends at a page: "registration__event"); the default platform when `path` is None
    or a step of it is empty."""
    target = record
    for name in path.split("__") if path else []:
        target = getattr(target, name, None)
        if target is None:
            return default()
    if isinstance(target, Page):
        return of_page(target) or default()
    return target if isinstance(target, Platform) else default()


def pages_of(platform):
    """The pages of a platform: its home and everything under it, in every language (each
    translation of the home is a sibling of it, so its tree is included too)."""
    home = platform.site.root_page
    homes = Page.objects.filter(translation_key=home.translation_key, depth=home.depth)
    paths = list(homes.values_list("path", flat=True)) or [home.path]
    query = Page.objects.none()
    for path in paths:
        query = query | Page.objects.filter(path__startswith=path)
    return query


def staff_platforms(user):
    """The platforms whose records `user` may change: every one for a superuser, else those
    of the groups the account is in."""
    if not user.is_authenticated:
        return Platform.objects.none()
    if user.is_superuser:
        return Platform.objects.all()
    return Platform.objects.filter(roles__group__user=user).distinct()


def readable_platforms(user):
    """The platforms whose records `user` may read: their own, and for the prefecture's staff
    role the platforms of the municipalities that prefecture hosts."""
    own = staff_platforms(user)
    if user.is_superuser or not user.is_authenticated:
        return own
    prefectures = Platform.objects.filter(
        roles__role=PREFECTURE_STAFF, roles__group__user=user, kind=Platform.Kind.PREFECTURE
    )
    return Platform.objects.filter(pk__in=own.values("pk")) | Platform.objects.filter(
        prefecture__in=prefectures
    )


def platform_name(platform=None):
    """The platform's home page title in the active language (the default platform's when none
    is given; WAGTAIL_SITE_NAME before there is a site)."""
    if platform is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    else:
        site = platform.site
    if site is None:
        return settings.WAGTAIL_SITE_NAME
    return site.root_page.localized.title


def base_url(platform=None):
    """The address residents reach a platform at, scheme included and no trailing slash, for
    links in mails, PDFs and feeds: BASE_URL for the default site's platform (set in
    production, where the proxy's scheme and port are not the site's), the site's own
    root_url (https on port 443) for any other."""
    if platform is None or platform.site.is_default_site:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return platform.site.root_url.rstrip("/")


def settings_of(platform):
    """The platform's PlatformSettings (unsaved and empty when it has none yet: reading does not
    make the row). The default platform's when none is given."""
    from cms.core.models import PlatformSettings

    platform = platform or default()
    if platform is None:
        return PlatformSettings()
    return PlatformSettings.objects.filter(site_id=platform.site_id).first() or PlatformSettings(
        site_id=platform.site_id
    )


def mail_sender(platform=None):
    """The From of the platform's mails: its own sender when set, else the installation's
    (DEFAULT_FROM_EMAIL)."""
    return settings_of(platform).mail_sender or settings.DEFAULT_FROM_EMAIL


def _luminance(colour):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast_ratio(colour, other="#ffffff"):
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    lighter, darker = sorted((_luminance(colour), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# WCAG 2 AA for normal text: the header's white text on the theme colour.
AA_CONTRAST = 4.5


def header_colour(colour):
    """The theme colour when white text on it passes WCAG AA (4.5:1), else None (the header
    keeps its usual colour)."""
    if not colour or len(colour) != 7 or not colour.startswith("#"):
        return None
    try:
        ratio = contrast_ratio(colour.lower())
    except ValueError:
        return None
    return colour.lower() if ratio >= AA_CONTRAST else None


def _slug_for(site):
    first = site.hostname.split(".")[0].lower()
    usable = first and not first.isdigit() and first not in {"localhost", "www", "[", "*"}
    slug = first if usable else ("main" if site.is_default_site else f"site{site.pk}")
    while Platform.objects.filter(slug=slug).exists():
        slug = f"{slug}-{site.pk}"
    return slug


@receiver(post_save, sender=Site)
def _every_site_a_platform(sender, instance, created, raw=False, **kwargs):
    """A site made in the admin, by a command or a test is a platform at once."""
    if raw or not created or Platform.objects.filter(site=instance).exists():
        return
    Platform.objects.create(site=instance, slug=_slug_for(instance))
