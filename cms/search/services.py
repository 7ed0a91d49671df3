"""Searching the entries: substrings of normalised text, synonyms, title matches first."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When

from cms.search.models import SearchEntry, Synonym
from cms.search.text import highlight, normalise_for_search


def expand(term, synonym_groups):
    """The term and its spellings by the synonym list (子供食堂 → 子ども食堂, こども食堂)."""
    variants = {term}
    for group in synonym_groups:
        for word in group:
            if word in term:
                variants |= {term.replace(word, other) for other in group}
    return sorted(variants)


def query_terms(query):
    """Each space-separated word of the query with its variants; every word must match."""
    groups = [synonym.normalised_terms for synonym in Synonym.objects.all()]
    return [expand(term, groups) for term in normalise_for_search(query).split(" ") if term]


@dataclass
class Hit:
    entry: SearchEntry
    title: str
    excerpt: str
    # Its language's own name, for an entry of another language than the visitor's.
    language: str = ""


def search(query, locale, site=None, limit=None):
    """Entries of `locale` on `site`'s platform (its own and the nationwide ones) containing
    every word of the query (in any of its variants), title matches first, then by title, and
    the query's words with their variants (`query_terms`).
    Takes the request's site, already looked up, so that the scope is a join, not a query
    (the default site when not given)."""
    terms = query_terms(query)
    if not terms:
        return SearchEntry.objects.none(), []
    return _matching(terms, site).filter(locale=locale), terms


def variants_of(terms):
    """Every spelling of every word (`query_terms`), for highlighting."""
    return [variant for variants in terms for variant in variants]


def other_languages(terms, locale, site=None, limit=5):
    """Up to `limit` entries of the other languages containing every word of the query (its
    `query_terms`, as `search` returned them), title matches first, each with its locale (to
    name its language and mark its title's `lang`): an English word on the Japanese site
    (“lonely”) finds the English translation's pages, which the visitor's language alone never
    would (issue 21). One query."""
    if not terms:
        return []
    return list(_matching(terms, site).exclude(locale=locale).select_related("locale")[:limit])


def _matching(terms, site):
    anywhere, in_title = Q(), Q()
    for variants in terms:
        title = Q()
        either = Q()
        for variant in variants:
            title |= Q(title_norm__contains=variant)
            either |= Q(title_norm__contains=variant) | Q(body_norm__contains=variant)
        anywhere &= either
        in_title &= title
    own = Q(platform__site=site) if site is not None else Q(platform__site__is_default_site=True)
    return (
        SearchEntry.objects.filter(anywhere)
        .filter(own | Q(nationwide=True))
        .annotate(
            title_match=Case(
                When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-title_match", "title_norm", "pk")
        .defer("title_norm", "body_norm")
    )


def highlighted(entries, variants, excerpt_length=120):
    return [
        Hit(
            entry=entry,
            title=highlight(entry.title, variants),
            excerpt=highlight(entry.body, variants, length=excerpt_length),
        )
        for entry in entries
    ]
