"""Matching a visitor's answers to consultation windows and ibasho. Reads only: the navigator
stores nothing about the person who uses it."""

from dataclasses import dataclass, field

from wagtail.models import Site

from cms.directory.queries import ibasho_for_groups, windows_for_topics
from cms.navigator.models import Worry

# Age groups the form offers, and the target group of the taxonomy each one points to.
AGE_TOPICS = {"child": "children-youth", "young": "children-youth", "older": "older-people"}


def worries_of(site):
    """The worries of `site`'s platform (each platform words its own)."""
    return Worry.objects.filter(platform__site=site)


@dataclass
class Help:
    worries: list = field(default_factory=list)
    urgent: bool = False
    windows: list = field(default_factory=list)
    ibasho: list = field(default_factory=list)


def find_help(locale, site=None, worry_slugs=(), age="", channel="", area="", ibasho_limit=10):
    """Windows and ibasho of `site`'s platform (and nationwide windows) for these answers,
    best first (`site`: the default one when not given). When a worry is urgent (「死にたい」),
    windows open 24 hours come first; otherwise the windows sharing most topics do."""
    site = site or Site.objects.get(is_default_site=True)
    worries = list(
        worries_of(site).filter(locale=locale, slug__in=worry_slugs).prefetch_related("topics")
    )
    # Topics compare by slug, the same in every language: a translation whose topics still
    # point at the Japanese ones (as synchronised fields do) still matches.
    topic_slugs = {topic.slug for worry in worries for topic in worry.topics.all()}
    if age in AGE_TOPICS:
        topic_slugs.add(AGE_TOPICS[age])
    urgent = any(worry.is_urgent for worry in worries)
    if not topic_slugs:
        return Help(worries=worries, urgent=urgent)
    return Help(
        worries=worries,
        urgent=urgent,
        windows=windows_for_topics(locale, site, topic_slugs, channel=channel, urgent=urgent),
        ibasho=list(ibasho_for_groups(locale, site, topic_slugs, area=area)[:ibasho_limit]),
    )
