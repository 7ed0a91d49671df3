"""Matching a visitor's answers to consultation windows and ibasho. Reads only: the navigator
stores nothing about the person who uses it."""

from dataclasses import dataclass, field

from django.conf import settings
from wagtail.models import Site

from cms.core.fallback import in_language
from cms.directory.queries import CHANNELS, ibasho_for_groups, windows_with_topics
from cms.navigator.models import Worry
from cms.navigator.ranking import Person, rank_windows
from cms.search.text import normalise_for_search

# Shown first; the rest under "more" (issue 21).
FIRST_WINDOWS = 5
FIRST_IBASHO = 3
# The crisis lines the site's search shows above its results for an urgent worry.
SEARCH_CRISIS_LINES = 5
# A query shorter than this finds a worry only by one of its words it contains (「死」 alone is
# in too many phrases to mean a worry; "in" is in too many English ones).
MIN_WORRY_QUERY = 2
MIN_WORRY_QUERY_LATIN = 4


def worries_of(site, locale):
    """The worries of `site`'s platform (each platform words its own) in a language, those not
    translated into it in Japanese (cms.core.fallback)."""
    return in_language(Worry.objects.filter(platform__site=site), locale)


@dataclass
class Help:
    worries: list = field(default_factory=list)
    urgent: bool = False
    windows: list = field(default_factory=list)
    ibasho: list = field(default_factory=list)

    @property
    def first_windows(self):
        return self.windows[:FIRST_WINDOWS]

    @property
    def more_windows(self):
        return self.windows[FIRST_WINDOWS:]

    @property
    def first_ibasho(self):
        return self.ibasho[:FIRST_IBASHO]

    @property
    def more_ibasho(self):
        return self.ibasho[FIRST_IBASHO:]


def find_help(
    locale,
    site=None,
    worry_slugs=(),
    age="",
    channel="",
    area="",
    gender="",
    foreign=False,
    carer=False,
    young_first=False,
    ibasho_limit=10,
):
    """Windows and ibasho of `site`'s platform (and nationwide windows) for these answers, those
    that do not fit the person left out, best first (cms.navigator.ranking); `site`: the default
    one when not given. Ibasho near the person first: in their area, then online, then the others."""
    site = site or Site.objects.get(is_default_site=True)
    worries = list(worries_of(site, locale).filter(slug__in=worry_slugs).prefetch_related("topics"))
    # Topics compare by slug, the same in every language: a translation whose topics still
    # point at the Japanese ones (as synchronised fields do) still matches.
    topics = {topic.slug for worry in worries for topic in worry.topics.all()}
    urgent_topics = {t.slug for worry in worries if worry.is_urgent for t in worry.topics.all()}
    person = Person.of(age, gender, foreign, carer, worry_topics=topics)
    urgent = any(worry.is_urgent for worry in worries)
    if not (topics or person.groups):
        return Help(worries=worries, urgent=urgent)
    windows = in_language(windows_with_topics(site), locale)
    if channel in CHANNELS:
        windows = windows.filter(**{f"by_{channel}": True})
    groups = (topics | person.groups) - person.other_age_groups
    return Help(
        worries=worries,
        urgent=urgent,
        windows=rank_windows(windows, person, topics, urgent_topics, young_first=young_first),
        ibasho=list(
            ibasho_for_groups(
                locale,
                site,
                groups,
                area=area,
                other_ages=person.other_age_groups,
                own_ages=person.groups,
            )[:ibasho_limit]
        ),
    )


@dataclass
class WorryAnswers:
    """What the site's search shows above the pages for words that name worries (issue 21):
    the worries, each linking to the navigator's answer, and for an urgent one the crisis
    lines to call now."""

    worries: list = field(default_factory=list)
    crisis_lines: list = field(default_factory=list)

    @property
    def urgent(self):
        return any(worry.is_urgent for worry in self.worries)

    def __bool__(self):
        return bool(self.worries)


def _names_worry(query, worry):
    """Whether the normalised query names the worry: it contains the phrase or one of the
    keywords (「さみしいです」), or is a part of one (「死にたい」 of 「死にたい・消えたい」); the
    whole query or one of its words."""
    words = worry.search_words
    for term in {query, *query.split()}:
        shortest = MIN_WORRY_QUERY_LATIN if term.isascii() else MIN_WORRY_QUERY
        if any(word in term for word in words) or (
            len(term) >= shortest and any(term in word for word in words)
        ):
            return True
    return False


def worries_for_words(query, locale, site):
    """The answers for a search query (see WorryAnswers): the platform's worries in the
    visitor's language (Japanese where not translated) whose phrase or keywords, in that
    language or in Japanese, match the query, normalised as the search normalises it (full-
    width, katakana). A fixed number of queries: the worries with their topics (and in another
    language their Japanese originals) and, for an urgent worry, the windows with their topics
    and groups."""
    text = normalise_for_search(query).strip()
    if not text:
        return WorryAnswers()
    shown = list(worries_of(site, locale).prefetch_related("topics"))
    originals = {}
    if getattr(locale, "language_code", None) != settings.LANGUAGE_CODE:
        # The Japanese words too: a resident reading English may still type 「死にたい」.
        originals = {
            worry.translation_key: worry
            for worry in Worry.objects.filter(
                platform__site=site, locale__language_code=settings.LANGUAGE_CODE
            )
        }
    matched = [
        worry
        for worry in shown
        if _names_worry(text, worry)
        or (
            worry.translation_key in originals
            and _names_worry(text, originals[worry.translation_key])
        )
    ]
    answers = WorryAnswers(worries=matched)
    if answers.urgent:
        urgent_topics = {t.slug for w in matched if w.is_urgent for t in w.topics.all()}
        windows = in_language(windows_with_topics(site), locale)
        ranked = rank_windows(windows, Person(), urgent_topics, urgent_topics)
        answers.crisis_lines = ranked[:SEARCH_CRISIS_LINES]
    return answers
