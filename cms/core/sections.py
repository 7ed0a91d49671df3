"""Sections that a higher layer adds to a page of a lower one.

`cms` never imports `events`, yet the home page shows the next events, a member's profile the
events it organises and the newsletter digest the upcoming ones. The page asks every function
registered for a Wagtail hook (`home_page_sections`, `member_profile_sections`,
`newsletter_digest_sections`) for a section: a dict with the "template" that renders it (and,
for mails, its "text") and that template's context, or None. Each function runs a fixed
number of queries, whatever it lists."""

from django.db.models import Q
from wagtail import hooks
from wagtail.models import Locale


def collect(hook_name, *args, **kwargs):
    """The sections every function registered for hook_name returns, leaving out None."""
    sections = [hook(*args, **kwargs) for hook in hooks.get_hooks(hook_name)]
    return [section for section in sections if section]


def in_language(pages, locale_id, limit=None):
    """pages (already evaluated, any locales) narrowed to one per translation: the one in
    the locale `locale_id` where there is one, otherwise the default language's, in the
    original order."""
    default = Locale.get_default().pk
    chosen = {}
    for page in pages:
        key = page.translation_key
        if page.locale_id == locale_id or (key not in chosen and page.locale_id == default):
            chosen[key] = page
    seen, result = set(), []
    for page in pages:
        if page.translation_key in chosen and page.translation_key not in seen:
            seen.add(page.translation_key)
            result.append(chosen[page.translation_key])
    return result[:limit] if limit else result


def locales_q(locale_id, prefix=""):
    """The locales a translated listing looks in: its own and the default. (By id: a page's
    locale_id is at hand where its locale would cost a query.)"""
    return Q(**{f"{prefix}locale_id__in": {locale_id, Locale.get_default().pk}})
