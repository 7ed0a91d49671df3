"""Which consultation windows fit a person, and in what order (issue 21): one place for the
navigator's rules, so that its tests can hold them.

A window whose "only for" ticks do not fit the person is left out (an under-18 line for a
65-year-old, a centre for older people for a 17-year-old). The others come in this order:
crisis lines first when a worry is urgent (those meant for the person first: 189 for a child),
then those sharing the most topics with the worries, then those most for the person, local before national, open now before the rest, those given
to fewer other topics (a line for this worry before a line for every worry), then the editors'
order."""

from dataclasses import dataclass

from django.utils import timezone

from cms.directory.windows import opening
from cms.directory.windows.models import AgeBand

# The target groups of the taxonomy that a person's answers point to (compared by slug, the
# same in every language).
AGE_GROUPS = {
    AgeBand.CHILD: "children-youth",
    AgeBand.YOUNG: "children-youth",
    AgeBand.OLDER: "older-people",
}
FOREIGN_GROUP = "foreign-residents"
CARER_GROUPS = {"family-carers", "young-carers"}
GENDER_GROUPS = {"women": "women"}
# The other ages' target groups: an ibasho only for them does not fit the person.
OTHER_AGE_GROUPS = {
    AgeBand.CHILD: {"older-people"},
    AgeBand.YOUNG: {"older-people"},
    AgeBand.OLDER: {"children-youth"},
}
_AREA_RANK = {"city": 0, "prefecture": 1}
YOUNG_BANDS = {AgeBand.CHILD, AgeBand.YOUNG}


@dataclass(frozen=True)
class Person:
    """What the navigator knows of the person the worry is about: only what was answered.
    `foreign` and `carer` are also true when a chosen worry names the group (「日本語で相談するの
    が不安」 says the person is a foreign resident; 「介護に疲れた」 that they care for someone)."""

    age: str = ""
    gender: str = ""
    foreign: bool = False
    carer: bool = False

    @classmethod
    def of(cls, age="", gender="", foreign=False, carer=False, worry_topics=()):
        return cls(
            age=age if age in AgeBand.values else "",
            gender=gender if gender in ("women", "men") else "",
            foreign=foreign or FOREIGN_GROUP in worry_topics,
            carer=carer or bool(CARER_GROUPS & set(worry_topics)),
        )

    @property
    def groups(self):
        """The target groups the person is in, to match windows and ibasho by."""
        groups = set()
        if self.age in AGE_GROUPS:
            groups.add(AGE_GROUPS[self.age])
        if self.foreign:
            groups.add(FOREIGN_GROUP)
        if self.carer:
            groups.add("family-carers")
        if self.gender in GENDER_GROUPS:
            groups.add(GENDER_GROUPS[self.gender])
        return groups

    @property
    def other_age_groups(self):
        return OTHER_AGE_GROUPS.get(self.age, set())


def fits(window, person):
    """Whether the window's "only for" ticks let this person use it. What was not answered
    does not exclude: a line for children stays for a person whose age is not known."""
    if window.gender and person.gender and window.gender != person.gender:
        return False
    ages = window.age_bands
    if not (ages or window.for_foreign_residents or window.for_carers):
        return True
    return _in_its_groups(window, person) or (bool(ages) and not person.age)


def _in_its_groups(window, person):
    return (
        person.age in window.age_bands
        or (window.for_foreign_residents and person.foreign)
        or (window.for_carers and person.carer)
    )


def is_for(window, person):
    """Whether the window's "only for" ticks name this person (a line for children, for a
    child): such a window is for them more than one for anyone. Ages name the person when a
    window is for one or two bands: one for three (a women's counter, 18 and over) is only
    closed to the fourth."""
    bands = window.age_bands
    return (
        (person.age in bands and len(bands) <= 2)
        or (window.for_foreign_residents and person.foreign)
        or (window.for_carers and person.carer)
        or (bool(window.gender) and window.gender == person.gender)
    )


def is_restricted(window):
    return bool(
        window.age_bands or window.for_foreign_residents or window.for_carers or window.gender
    )


def open_now(window, now=None):
    """True when the window is known to be open now (open 24 hours, or its rows of hours say
    so: cms.directory.windows.opening), False when they say it is closed, None when nobody can
    tell: only free-text hours (「平日 8:30〜17:15（祝日を除く）」), read by people, not guessed at."""
    return opening.is_open(window, now or timezone.now())


def for_young_people(window):
    """A window only for children and young people (チャイルドライン, a school counsellor)."""
    ages = window.age_bands
    return bool(ages) and ages <= YOUNG_BANDS


def rank_windows(windows, person, worry_topics, urgent_topics=(), young_first=False, now=None):
    """The windows that fit the person and share a topic with the worries or the person, best
    first (see the module's docstring). A crisis line: open 24 hours, for an urgent worry (one
    of `urgent_topics`). For the person: sharing their target groups, and the window's "only
    for" ticks naming them; a window that fits only because the person did not say (a line for
    children, age not given) after one for anyone. `young_first`: the under-18 path's order,
    the windows only for young people before the others. `now`: the moment "open now" is
    of (the current one when not given)."""
    worry_topics = set(worry_topics)
    now = now or timezone.now()
    ranked = []
    for window in windows:
        slugs = {topic.slug for topic in [*window.topics.all(), *window.target_groups.all()]}
        worry_shared = len(worry_topics & slugs)
        group_shared = len(person.groups & slugs)
        if not (worry_shared or group_shared) or not fits(window, person):
            continue
        for_person = is_for(window, person)
        others = slugs - worry_topics - person.groups
        crisis = bool(window.is_24h and slugs & set(urgent_topics))
        key = (
            young_first and not for_young_people(window),
            not crisis,
            # Among the crisis lines, those meant for this person first, the one for fewest
            # other things first: a child hurt at home calls 189 (abuse) before the line for
            # every child's worry, and both before a line for everyone (issue 21).
            crisis and not for_person,
            len(others) if crisis and for_person else 0,
            -worry_shared,
            -(group_shared + for_person),
            is_restricted(window) and not for_person,
            window.nationwide,
            _AREA_RANK.get(window.area_level, 2),
            not open_now(window, now),
            len(others),
            window.sort_order,
            window.name,
        )
        ranked.append((key, window))
    ranked.sort(key=lambda pair: pair[0])
    return [window for _key, window in ranked]
