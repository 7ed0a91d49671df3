"""Sections that a higher layer adds to a page of a lower one.

`cms` never imports `events`, yet a member's profile lists its events and the newsletter digest
its upcoming events. The page asks every function registered for a Wagtail hook
(`member_profile_sections`, `newsletter_digest_sections`) for a `Section`: a template and its
context. Each function must run a fixed number of queries, whatever it lists."""

from dataclasses import dataclass, field

from django.db.models import Q
from wagtail import hooks
from wagtail.models import Locale


@dataclass
class Section:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100
    text: str = ""  # the section as plain text, for mails


def collect(hook_name, *args, **kwargs):
    """The sections every function registered for hook_name returns (None: nothing to add)."""
    sections = [fn(*args, **kwargs) for fn in hooks.get_hooks(hook_name)]
    return sorted((s for s in sections if s), key=lambda s: s.order)


def in_language(pages, locale, limit=None):
    """pages (already evaluated, any locales) narrowed to one per translation: the one in
    `locale` where there is one, otherwise the default language's, in the original order."""
    default = Locale.get_default().pk
    chosen = {}
    for page in pages:
        key = page.translation_key
        if page.locale_id == locale.pk or (key not in chosen and page.locale_id == default):
            chosen[key] = page
    seen, result = set(), []
    for page in pages:
        if page.translation_key in chosen and page.translation_key not in seen:
            seen.add(page.translation_key)
            result.append(chosen[page.translation_key])
    return result[:limit] if limit else result


def locales_q(locale, prefix=""):
    """The locales a translated listing looks in: its own and the default."""
    return Q(**{f"{prefix}locale_id__in": {locale.pk, Locale.get_default().pk}})
