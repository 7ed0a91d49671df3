"""The page frame's data: what every public page shows around its content (the site's name, logo,
theme colour and home, the main menu, the secretariat's contact in the footer, the languages
the platform offers and its home page in each of them for the language switcher) and the
address of the first child of each type under the home (the index pages its sections link
to), read once and kept in the shared cache per site, language
and version of what the public sees (cms.core.freshness): a warm frame costs the site lookup.

Kept as plain values (titles, addresses, ids), not pages: a cached page object would carry its
own lazily loaded relations, and every reading of one would cost a query again."""

from django.core.cache import cache
from django.urls import translate_url
from django.utils import translation
from wagtail import hooks
from wagtail.models import Locale, Page, Site

from cms.core import freshness
from cms.core import platform as platforms
from cms.core.models import PlatformSettings, offered_by_default

MENU_HOOK = "public_menu_items"
CONTACT_FIELDS = ["secretariat_name", "address", "phone", "email", "office_hours"]
# Long enough to spare the database, short enough that entries under an old version go.
TIMEOUT = 60 * 60


def frame(request):
    """The frame of the request's site in the active language (see the module), once per
    request."""
    if not hasattr(request, "_tsunagu_frame"):
        site = Site.find_for_request(request)
        language = translation.get_language()
        key = f"tsunagu:frame:{freshness.version(site)}:{site.pk if site else 0}:{language}"
        data = cache.get(key)
        if data is None:
            data = _read(request, site)
            cache.set(key, data, TIMEOUT)
        request._tsunagu_frame = data
    return request._tsunagu_frame


def _read(request, site):
    data = {
        "root": None,
        "menu": [],
        "children": {},
        "contact": {},
        "identity": {"logo": None, "colour": None},
        "homes": {},
        "locales": dict(Locale.objects.values_list("pk", "language_code")),
        "languages": offered_by_default(),
    }
    if site is None:
        return data
    root = site.root_page.localized
    address = _keeping_language(data["locales"].get(root.locale_id))
    data["root"] = {
        "pk": root.pk,
        "title": root.title,
        "url": address(root.get_url(request)),
    }
    for page in _children(site.root_page, root):
        shown_in = data["locales"].get(page.locale_id)
        url = _keeping_language(shown_in)(page.get_url(request))
        if page.show_in_menus:
            # A page not translated yet is named in its own language (WCAG 3.1.2).
            lang = shown_in if shown_in != translation.get_language() else None
            data["menu"].append({"pk": page.pk, "title": page.title, "url": url, "lang": lang})
        if page.specific_class is not None:
            data["children"].setdefault(page.specific_class._meta.label_lower, url)
    # Sections that are views rather than pages (the volunteers' shifts), added by their app
    # through this hook when the platform has something there: fn(site) -> [{"title", "url"}].
    for items in hooks.get_hooks(MENU_HOOK):
        data["menu"].extend({"pk": None, **item} for item in items(site))
    # Not for_site(), which creates the row when missing: a read must not move the version
    # (that save would), and a missing row shows as one with nothing filled in.
    settings = PlatformSettings.objects.filter(site=site).first() or PlatformSettings()
    data["contact"] = {name: getattr(settings, name) for name in CONTACT_FIELDS}
    data["languages"] = list(settings.languages)
    for name in ("privacy_page", "accessibility_page"):
        page = getattr(settings, name)
        data["contact"][f"{name}_url"] = address(page.localized.get_url(request)) if page else None
    if settings.logo is not None:
        rendition = settings.logo.get_rendition("height-96")
        data["identity"]["logo"] = {
            "url": rendition.url,
            "width": rendition.width,
            "height": rendition.height,
        }
    data["identity"]["colour"] = platforms.header_colour(settings.theme_colour)
    for home in site.root_page.get_translations(inclusive=True).live().select_related("locale"):
        code = home.locale.language_code
        with translation.override(code):
            data["homes"][code] = home.get_url(request)
    return data


def _children(original, root):
    """The live public children of the home `root`, in the order of those of the home
    `original` (the site's, in the default language) of which they are translations; a child
    not translated yet is the original's (the menu of a new language's home is complete from
    the first day, its pages shown in Japanese with a notice)."""
    children = list(root.get_children().live().public())
    if root.pk == original.pk:
        return children
    translated = {page.translation_key: page for page in children}
    originals = list(original.get_children().live().public())
    known = {page.translation_key for page in originals}
    return [translated.get(page.translation_key, page) for page in originals] + [
        page for page in children if page.translation_key not in known
    ]


def _keeping_language(shown_in):
    """The address under the visitor's language of a page in the language `shown_in`: where a
    platform has no home in the visitor's language yet, its menu leads to /vi/about/ rather
    than /ja/about/, so the visitor keeps their language (the page is shown in Japanese
    there, with a notice: cms.core.routing.route_or_original)."""
    language = translation.get_language()

    def address(url):
        if url is None or shown_in in (None, language):
            return url
        with translation.override(shown_in):
            return translate_url(url, language)

    return address


def public_read(key, read):
    """What `read()` returns, kept in the shared cache under the public version: for reads of
    public content that many pages repeat and only a publication or an edit changes (a filter's
    choices). The value must pickle: plain values or model instances without lazy relations."""
    full_key = f"tsunagu:read:{freshness.version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = read()
        cache.set(full_key, value, TIMEOUT)
    return value


def child_url(request, parent, model):
    """The address of the first live, public child of type `model` under `parent`: from the
    frame when the parent is the site's home (the index pages its sections link to)."""
    root = frame(request)["root"] if request is not None else None
    if root is not None and parent.pk == root["pk"]:
        return frame(request)["children"].get(model._meta.label_lower)
    child = model.objects.child_of(parent).live().public().first()
    return child.get_url(request) if child else None


def page_language(request, page):
    """The language code of a page's locale, without reading the locale row."""
    return frame(request)["locales"].get(page.locale_id) if isinstance(page, Page) else None
