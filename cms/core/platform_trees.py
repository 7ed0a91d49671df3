"""Which platform's tree a page is in, inside the query that reads the page: a page belongs
to the platform whose home (or a translation of it: translations of a home are its siblings)
starts its tree path. `platform.pages_of` reads the homes first; these filters and
annotations cost no query of their own, for public listings within their query budgets and
for the desk's pages."""

from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from cms.core.models import Platform


def _homes_above(outer_path):
    """The pages whose path starts `outer_path` (any of them may be a platform's home)."""
    return Page.objects.filter(path=Substr(outer_path, 1, Length("path")))


def in_platforms(platforms, path="path"):
    """A filter for a page queryset: the pages of any of `platforms` (a Platform queryset);
    for rows that lead to a page, `path` names its path ("registration__event__path")."""
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
