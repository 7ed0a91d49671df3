"""What a visitor reading one language is shown of content not all translated into it: each
item in their language where it has been translated, and in Japanese (the default language,
whose content every platform writes first) where it has not — never nothing. A list of
windows on a Vietnamese page is the same list as on the Japanese one, some of it in Japanese.
Pages and snippets alike (both carry `locale` and `translation_key`); one query, the choice
made inside it."""

from django.conf import settings
from django.db.models import Q
from wagtail.models import Page


def in_language(queryset, locale):
    """The rows of `queryset` in `locale` (a Locale or its pk), and the default language's rows
    of those with no row in `locale`, among the whole model's rows (a translation that
    `queryset`'s other filters leave out still stands for its item)."""
    locale_id = getattr(locale, "pk", locale)
    if getattr(locale, "language_code", None) == settings.LANGUAGE_CODE:
        return queryset.filter(locale_id=locale_id)
    translated = queryset.model._default_manager.filter(locale_id=locale_id).values(
        "translation_key"
    )
    default = Q(locale__language_code=settings.LANGUAGE_CODE) & ~Q(locale_id=locale_id)
    return queryset.filter(Q(locale_id=locale_id) | (default & ~Q(translation_key__in=translated)))


def under_home(queryset, request, locale, depth=None):
    """The pages of `queryset` under the request's home in `locale` and, where that home is a
    translation, under the home in the default language, each in `locale` where translated
    (`in_language`): a new language's home page lists the platform's news and events from the
    first day. `depth`: only the pages at that depth below the home (1: its children). Reads
    the homes from the platforms' map (cms.core.platform_map): no query of its own."""
    from cms.core.platform_map import of_request

    info = of_request(request)
    if info is None or not info.home_path:
        return queryset.none()
    under = Q()
    for path in info.home_paths():
        one = Q(path__startswith=path)
        if depth is not None:
            one &= Q(depth=len(path) // Page.steplen + depth)
        under |= one
    return in_language(queryset.filter(under), locale)
