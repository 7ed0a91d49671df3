"""Template tags for the site frame: the localized site root, the main menu, the language
switcher and hreflang alternates, the text size and the visitor's other display preferences."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page

from cms.core import preferences
from cms.core.frame import frame, page_language
from cms.core.private import secret_values

register = template.Library()


@register.filter
def opened_by_private_link(request):
    """Whether the page is one person's, opened by a private link: its head then repeats the
    link nowhere (no hreflang alternates, no og:url), for link previews and crawlers."""
    return bool(secret_values(request))


@register.simple_tag(takes_context=True)
def display_classes(context):
    """The classes of <html> for the visitor's display preferences (cms/core/preferences.py)."""
    return preferences.display_classes(context["request"])


@register.simple_tag(takes_context=True)
def site_root(context):
    """The site's home in the active language (its title and address), or None."""
    return frame(context["request"])["root"]


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The home's live, public children shown in menus (their title, address and id)."""
    return frame(context["request"])["menu"]


@register.simple_tag(takes_context=True)
def platform_identity(context):
    """The platform's logo (a rendition's url, width, height) and header colour (None when it
    has none, or one that white text cannot be read on)."""
    return frame(context["request"])["identity"]


@register.simple_tag(takes_context=True)
def platform_contact(context):
    """The secretariat's contact (PlatformSettings) and the footer's page addresses."""
    return frame(context["request"])["contact"]


@register.inclusion_tag("core/includes/preference_form.html", takes_context=True)
def preference_form(context, name, toggle=False, legend=""):
    """The form that sets a display preference (cms/core/preferences.py): a button per value
    (文字サイズ), or with `toggle` one button for the value not chosen (furigana)."""
    request = context["request"]
    buttons = preferences.choices(request, name)
    if toggle:
        buttons = [b | {"is_current": None} for b in buttons if not b["is_current"]][:1]
    return {"name": name, "buttons": buttons, "legend": legend, "next": request.get_full_path()}


@register.simple_tag(takes_context=True)
def language_of(context, page):
    """The language of a page's content, shown with a notice when it is not the visitor's."""
    return page_language(context["request"], page)


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language the platform offers (cms.core.languages): where this page is in
    that language, and whether it really exists there (`exists`: its hreflang alternates).

    On a Wagtail page, that is its live translation; when it has none, the same page's address
    under that language's prefix, which shows the Japanese page with a notice
    (cms.core.routing.route_or_original). On any other view, the same URL with the other
    prefix."""
    request = context["request"]
    current = translation.get_language()
    page = context.get("page")
    # The head (hreflang alternates) and the header (switcher) both ask: work it out once.
    memo = request.__dict__.setdefault("_tsunagu_language_links", {})
    key = (current, getattr(page, "pk", None))
    if key not in memo:
        memo[key] = _language_links(request, current, page)
    return memo[key]


def _existing(request, page):
    """{code: address} of the languages `page` is live in (every one for a view)."""
    data = frame(request)
    if data["root"] is not None and page.pk == data["root"]["pk"]:
        return data["homes"]  # the home's translations are the frame's homes
    existing = {}
    for target in page.get_translations(inclusive=True).live().select_related("locale"):
        code = target.locale.language_code
        with translation.override(code):
            existing[code] = target.get_url(request)
    return existing


def _language_links(request, current, page):
    is_page = isinstance(page, Page)
    existing = _existing(request, page) if is_page else {}
    # The address a missing translation is asked at: the original's path, under its prefix
    # (translate_url reads an address in the language it is in).
    base, language = existing.get(settings.LANGUAGE_CODE), settings.LANGUAGE_CODE
    if base is None:
        base, language = request.get_full_path(), current
    offered = set(frame(request)["languages"])
    links = []
    for code, name in settings.LANGUAGES:
        if code not in offered:
            continue
        url = existing.get(code)
        if url is None:
            with translation.override(language):
                url = translate_url(base, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "exists": code in existing or not is_page,
                "is_default": code == settings.LANGUAGE_CODE,
                "is_current": code == current,
            }
        )
    return links
