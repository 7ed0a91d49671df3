"""Matching a visitor's answers to consultation windows and ibasho. Reads only: the navigator
stores nothing about the person who uses it."""

from dataclasses import dataclass, field

from wagtail.models import Site

from cms.core.fallback import in_language
from cms.directory.queries import CHANNELS, ibasho_for_groups, windows_with_topics
from cms.navigator.models import Worry
from cms.navigator.ranking import Person, rank_windows

# Shown first; the rest under "more" (issue 21).
FIRST_WINDOWS = 5
FIRST_IBASHO = 3


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
