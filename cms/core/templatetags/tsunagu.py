"""Template tags for the site frame: the localized site root, the main menu, the language
switcher and hreflang alternates, the visitor's display preferences."""

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


@register.simple_tag(takes_context=True)
def language_of(context, page):
    """The language of a page's content, shown with a notice when it is not the visitor's."""
    return page_language(context["request"], page)


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: where this page is in that language.

    On a Wagtail page, that is its live translation, or the home page in that language when the
    page has not been translated yet. On any other view, the same URL with the other prefix.
    """
    request = context["request"]
    current = translation.get_language()
    page = context.get("page")
    # The head (hreflang alternates) and the header (switcher) both ask: work it out once.
    memo = request.__dict__.setdefault("_tsunagu_language_links", {})
    key = (current, getattr(page, "pk", None))
    if key not in memo:
        memo[key] = _language_links(request, current, page)
    return memo[key]


def _language_links(request, current, page):
    translations = {}
    homes = {}
    if isinstance(page, Page):
        homes = frame(request)["homes"]
        root = frame(request)["root"]
        if root is None or page.pk != root["pk"]:  # the home's are the frame's homes
            translations = {
                p.locale.language_code: p
                for p in page.get_translations(inclusive=True).live().select_related("locale")
            }
    links = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        if target is not None:
            with translation.override(code):
                url = target.get_url(request)
        else:
            url = homes.get(code) or translate_url(request.get_full_path(), code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "is_current": code == current,
            }
        )
    return links
