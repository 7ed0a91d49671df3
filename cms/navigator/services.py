"""Matching a visitor's answers to consultation windows and ibasho. Reads only: the navigator
stores nothing about the person who uses it."""

from dataclasses import dataclass, field

from cms.directory.ibasho import IbashoPage
from cms.directory.windows import ConsultationWindow
from cms.navigator.models import Worry

# Age groups the form offers, and the target group of the taxonomy each one points to.
AGE_TOPICS = {"child": "children-youth", "young": "children-youth", "older": "older-people"}
CHANNELS = ("phone", "line", "chat", "mail", "visit")


@dataclass
class Help:
    worries: list = field(default_factory=list)
    urgent: bool = False
    windows: list = field(default_factory=list)
    ibasho: list = field(default_factory=list)


def find_help(locale, worry_slugs=(), age="", channel="", area="", ibasho_limit=10):
    """Windows and ibasho for these answers, best first. When a worry is urgent (「死にたい」),
    windows open 24 hours come first; otherwise the windows sharing most topics do."""
    worries = list(
        Worry.objects.filter(locale=locale, slug__in=worry_slugs).prefetch_related("topics")
    )
    # Topics compare by slug, the same in every language: a translation whose topics still
    # point at the Japanese ones (as synchronised fields do) still matches.
    topic_slugs = {topic.slug for worry in worries for topic in worry.topics.all()}
    if age in AGE_TOPICS:
        topic_slugs.add(AGE_TOPICS[age])
    urgent = any(worry.is_urgent for worry in worries)
    if not topic_slugs:
        return Help(worries=worries, urgent=urgent)

    windows = ConsultationWindow.objects.filter(locale=locale).prefetch_related(
        "topics", "target_groups"
    )
    if channel in CHANNELS:
        windows = windows.filter(**{f"by_{channel}": True})
    matched = []
    for window in windows:
        shared = len(
            topic_slugs & {t.slug for t in [*window.topics.all(), *window.target_groups.all()]}
        )
        if shared:
            matched.append((window, shared))
    matched.sort(
        key=lambda pair: (
            not (urgent and pair[0].is_24h),
            -pair[1],
            pair[0].sort_order,
            pair[0].name,
        )
    )

    ibasho = (
        IbashoPage.objects.live()
        .filter(locale=locale, target_groups__slug__in=topic_slugs)
        .distinct()
        .order_by("name_kana", "pk")
        .prefetch_related("schedule_rules", "extra_dates", "cancelled_dates")
    )
    if area:
        ibasho = ibasho.filter(area=area)
    return Help(
        worries=worries,
        urgent=urgent,
        windows=[window for window, _ in matched],
        ibasho=list(ibasho[:ibasho_limit]),
    )
