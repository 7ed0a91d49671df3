"""The directory's read side: the lists of member organisations, ibasho and consultation windows
that its pages, the ibasho map, the navigator, the handbook and the home page share.

Every list is of one platform: lists under an index page are of the index's tree; the others
take the request's `site` (already looked up by then, so scoping costs a join, not a query)
and list that platform's ibasho and windows, with the nationwide windows."""

import datetime as dt
import re
from collections import defaultdict

from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone
from wagtail.models import Locale

from cms.core import platform_map
from cms.core.fallback import in_language
from cms.core.models import Topic
from cms.core.params import parse_choice, parse_slug, parse_text
from cms.core.photos import with_photos
from cms.core.platform import in_tree_of, staff_platforms
from cms.directory.ibasho import schedule
from cms.directory.ibasho.models import (
    IbashoCancelledDate,
    IbashoExtraDate,
    IbashoPage,
    IbashoScheduleRule,
)
from cms.directory.members.models import MemberOrganisationPage, Membership
from cms.directory.windows import opening
from cms.directory.windows.models import WHO_FOR, ConsultationWindow, OpeningHours

# Member organisations


def member_profiles(index):
    """Public profiles of current members (not those who left) under a member index, in 五十音
    order. The Japanese index is the complete one: a translated index lists the Japanese
    profiles and shows each in its translation where there is one (`localize_members`)."""
    source = index.get_translation_or_none(Locale.get_default()) or index
    return (
        MemberOrganisationPage.objects.live()
        .public()
        .child_of(source)
        .exclude(
            translation_key__in=Membership.objects.filter(
                status=Membership.Status.LEFT
            ).organisations()
        )
        .select_related("locale")
        .order_by("name_kana", "title")
    )


def filter_members(members, params):
    """members narrowed by the listing's parameters (type, field, group, area), and the
    filters applied."""
    applied = {}
    kind = parse_choice(params.get("type"), MemberOrganisationPage.OrganisationType.values)
    if kind:
        members = members.filter(organisation_type=kind)
        applied["type"] = kind
    for key in ("field", "group"):
        slug = parse_slug(params.get(key))
        if slug:
            members = members.filter(topics__slug=slug, topics__kind=Topic.Kind(key))
            applied[key] = slug
    area = parse_text(params.get("area"))
    if area:
        members = members.filter(area=area)
        applied["area"] = area
    return members.distinct(), applied


def localize_members(members, locale_id, prefetch):
    """members, each replaced by its live translation into the locale; one query."""
    if not members or members[0].locale_id == locale_id:
        return members
    translations = {
        page.translation_key: page
        for page in MemberOrganisationPage.objects.live()
        .public()
        .filter(locale_id=locale_id, translation_key__in=[m.translation_key for m in members])
        .prefetch_related(*prefetch)
    }
    return [translations.get(m.translation_key, m) for m in members]


def label_topics(members, topics):
    """Give each member its topics in the listing's language, without a query per member:
    a translated profile may still point at the Japanese topics."""
    by_key = {topic.translation_key: topic for topic in topics}
    for member in members:
        member.topic_labels = [by_key.get(t.translation_key, t) for t in member.topics.all()]


def member_areas(index):
    """The areas the index's members serve, for the listing's filter."""
    return sorted(set(member_profiles(index).exclude(area="").values_list("area", flat=True)))


# Ibasho


def ibasho_of(index_page):
    """The live ibasho listed under an ibasho index that anyone may see."""
    return IbashoPage.objects.live().public().child_of(index_page)


def ibasho_listed(index_page, shown):
    """The live public ibasho an index lists when its lists show the platforms `shown`
    (cms.core.platform_map.shown_by): its own, and on a prefecture's platform those of its
    municipalities in the index's language."""
    return platform_map.listed_by_index(IbashoPage.objects.live().public(), index_page, shown)


def label_ibasho(items, own):
    """Name the platform of each of another platform's ibasho (a prefecture's list). No query."""
    return platform_map.label_others(items, own, lambda page: platform_map.of_path(page.path))


def ibasho_in(locale, site):
    """The live ibasho of a language that anyone may see, on `site`'s platform, whatever
    index they are under; those not translated into it in Japanese (cms.core.fallback)."""
    return in_language(IbashoPage.objects.live().public().filter(in_tree_of(site)), locale)


def ibasho_areas(ibasho):
    """The areas of these ibasho, each once and in order, for a filter's choices."""
    return list(ibasho.exclude(area="").order_by("area").values_list("area", flat=True).distinct())


def ibasho_filter_choices(index_page, ibasho=None):
    """The choices of an ibasho index's filters: the areas of its ibasho (or of `ibasho`, the
    ones it lists) and the target groups of its language."""
    groups = Topic.objects.filter(locale_id=index_page.locale_id, kind=Topic.Kind.GROUP)
    ibasho = ibasho_of(index_page) if ibasho is None else ibasho
    return ibasho_areas(ibasho), list(groups)


def filter_ibasho(queryset, data, now=None):
    """The ids of the ibasho matching cleaned filter data, in list order. Only ids are loaded
    here, so that a list of thousands of ibasho stays fast: the 7-day filter expands the
    schedules from three plain queries, and only the shown page is loaded in full."""
    if data.get("area"):
        queryset = queryset.filter(area=data["area"])
    if data.get("kind"):
        queryset = queryset.filter(kind=data["kind"])
    if data.get("group"):
        queryset = queryset.filter(target_groups__slug=data["group"])
    if data.get("day") is not None:
        queryset = queryset.filter(schedule_rules__weekday=data["day"])
    if data.get("free"):
        queryset = queryset.filter(is_free=True)
    ids = list(dict.fromkeys(queryset.order_by("name_kana", "pk").values_list("pk", flat=True)))
    if data.get("soon"):
        now = now or timezone.now()
        open_ids = open_between(queryset, now, now + dt.timedelta(days=7))
        ids = [pk for pk in ids if pk in open_ids]
    return ids


def open_between(queryset, after, until):
    """The ids, among the queryset's ibasho, of those open at some time between the two."""
    pages = queryset.values("pk")
    schedules = defaultdict(lambda: {"rules": [], "cancelled": set(), "extra": []})
    for rule in IbashoScheduleRule.objects.filter(page__in=pages):
        schedules[rule.page_id]["rules"].append(rule.as_rule())
    for extra in IbashoExtraDate.objects.filter(page__in=pages):
        schedules[extra.page_id]["extra"].append(extra.as_extra_date())
    for page_id, day in IbashoCancelledDate.objects.filter(page__in=pages).values_list(
        "page_id", "date"
    ):
        schedules[page_id]["cancelled"].add(day)
    return {
        page_id
        for page_id, parts in schedules.items()
        if schedule.Schedule(
            rules=parts["rules"], cancelled=frozenset(parts["cancelled"]), extra=parts["extra"]
        ).is_open_between(after, until)
    }


def ibasho_in_order(ids):
    """The full pages for these ids (one page of the list), with what the list shows."""
    pages = (
        IbashoPage.objects.filter(pk__in=ids)
        .select_related("image")
        .prefetch_related("target_groups", "schedule_rules", "extra_dates", "cancelled_dates")
    )
    by_id = {page.pk: page for page in pages}
    return with_photos([by_id[pk] for pk in ids if pk in by_id])


def mapped_ibasho(index_page, ibasho=None):
    """The ibasho under an index (or among `ibasho`, the ones it lists) that have a position,
    for the map."""
    ibasho = ibasho_of(index_page) if ibasho is None else ibasho
    return ibasho.exclude(latitude=None).exclude(longitude=None).order_by("pk")


def ibasho_for_groups(locale, site, group_slugs, area="", other_ages=(), own_ages=()):
    """The live ibasho of a language and of `site`'s platform for any of these target groups
    (compared by slug, the same in every language), with their schedules; not those for the
    age groups `other_ages` and none of `own_ages` (a salon for older people, for a child).
    Nearest first: those in `area`, then the online ones (without an area), then the others;
    then those sharing the most groups, in list order."""
    ibasho = (
        ibasho_in(locale, site)
        .filter(target_groups__slug__in=group_slugs)
        .annotate(shared=Count("target_groups", filter=Q(target_groups__slug__in=group_slugs)))
        .prefetch_related("schedule_rules", "extra_dates", "cancelled_dates")
    )
    if other_ages:
        others_only = IbashoPage.objects.filter(target_groups__slug__in=other_ages).exclude(
            target_groups__slug__in=own_ages
        )
        ibasho = ibasho.exclude(pk__in=others_only.values("pk"))
    in_area = [When(area=area, then=Value(0))] if area else []
    nearest = Case(*in_area, When(area="", then=Value(1)), default=Value(2))
    return ibasho.order_by(nearest, "-shared", "name_kana", "pk")


# Consultation windows

CHANNELS = ("phone", "line", "chat", "mail", "visit")


def windows_in(locale, site):
    """The windows of a language shown on `site`: its platform's and the nationwide ones, those
    not translated into it in Japanese (cms.core.fallback)."""
    return in_language(ConsultationWindow.objects.shown_on(site), locale)


def windows_with_topics(site):
    """The windows shown on `site` with their topics and target groups, as their cards and page
    show them, and their locale, which their address is in."""
    return (
        ConsultationWindow.objects.shown_on(site)
        .select_related("locale")
        .prefetch_related("topics", "target_groups", "opening_hours")
    )


def windows_open_day_and_night(locale_id, site, count):
    """Windows open 24 hours shown on `site`, for someone who needs to talk now."""
    windows = in_language(ConsultationWindow.objects.shown_on(site), locale_id).filter(is_24h=True)
    return list(windows.select_related("locale").order_by("sort_order", "name")[:count])


# The dashboard (cms.core.dashboard) -----------------------------------------------------------


def pending_applications(platforms):
    """How many organisations applied to join `platforms` and wait for a decision."""
    from cms.directory.members.applications import MembershipApplication

    return MembershipApplication.objects.filter(
        platform__in=platforms, status=MembershipApplication.Status.PENDING
    ).count()


def windows_to_recheck(user, days=365):
    """The windows `user` may change that nobody has checked for `days`: their platforms'
    (nationwide ones are the administrator's to re-check)."""
    windows = ConsultationWindow.objects.not_verified_since(days)
    if user.is_superuser:
        return windows
    return windows.filter(platform__in=staff_platforms(user), nationwide=False)


# The public directory of windows (issue 21): every window a platform shows, local first.

# Closest first: a city's or town's windows, then the prefecture's, then the national lines.
_AREA_RANK = Case(
    When(area_level=ConsultationWindow.AreaLevel.CITY, then=Value(0)),
    When(area_level=ConsultationWindow.AreaLevel.PREFECTURE, then=Value(1)),
    default=Value(2),
)
# How `languages` is written: 「日本語, English」「日本語・やさしい日本語」「英語/中国語」.
_LANGUAGE_SEPARATORS = re.compile(r"[,、，/／・;；\n]+")


def directory_windows(locale, info, municipality=None):
    """The windows of a language that the directory of the platform `info`
    (cms.core.platform_map.PlatformInfo) lists before its filters, local before national:
    its own and the nationwide ones; on a prefecture's platform those of its municipalities
    too. With `municipality` (a platform's slug, as typed) naming one of the platforms shown,
    that platform's own windows only."""
    every = platform_map.shown_by(info)
    shown = platform_map.shown_by(info, municipality)
    scope = Q(platform_id__in=[other.pk for other in shown], nationwide=False)
    if shown == every:
        scope |= Q(nationwide=True)
    own = info.pk if info is not None else None
    return (
        in_language(ConsultationWindow.objects.filter(scope), locale)
        .select_related("locale")
        .prefetch_related("opening_hours")
        .order_by(
            "nationwide",
            Case(When(platform_id=own, then=Value(0)), default=Value(1)),
            _AREA_RANK,
            "sort_order",
            "name",
            "pk",
        )
    )


def window_languages(windows):
    """The languages the windows are answered in, each once, for the directory's filter."""
    found = {}
    texts = windows.exclude(languages="").order_by().values_list("languages", flat=True)
    for text in texts.distinct():
        for part in _LANGUAGE_SEPARATORS.split(parse_text(text)):
            if part.strip():
                found.setdefault(part.strip().casefold(), part.strip())
    return sorted(found.values())


def filter_windows(windows, data, topic_slugs=(), now=None):
    """windows narrowed by the directory's cleaned filters: a worry (its topics and target
    groups, `topic_slugs`, compared by slug as the navigator does), who may use them (those
    only for them first), a way to reach them, open now (by their rows of hours), open
    24 hours, free, anonymous, a language, words to find in the name, summary or operator
    (each word, NFKC-normalised as typed)."""
    if topic_slugs:
        matching = ConsultationWindow.objects.filter(
            Q(topics__slug__in=topic_slugs) | Q(target_groups__slug__in=topic_slugs)
        )
        windows = windows.filter(pk__in=matching.values("pk"))
    if data.get("channel") in CHANNELS:
        windows = windows.filter(**{f"by_{data['channel']}": True})
    if data.get("who") in WHO_FOR:
        windows = windows.usable_by(data["who"])
    for key, field in (("open_24h", "is_24h"), ("free", "is_free"), ("anonymous", "anonymous_ok")):
        if data.get(key):
            windows = windows.filter(**{field: True})
    if data.get("open_now"):
        windows = windows.filter(pk__in=open_at(windows, now or timezone.now()))
    if data.get("language"):
        windows = windows.filter(languages__icontains=data["language"])
    for word in parse_text(data.get("q") or "").split():
        windows = windows.filter(
            Q(name__icontains=word) | Q(summary__icontains=word) | Q(operator__icontains=word)
        )
    return windows


def label_windows(windows, own):
    """Name the platform of each window of a platform other than `own` (a prefecture's
    directory), not of the nationwide ones, which belong to every platform. No query."""
    infos = platform_map.platform_map()
    return platform_map.label_others(
        windows, own, lambda window: None if window.nationwide else infos.get(window.platform_id)
    )


# Opening hours (issue 21): "open now" for a list, and when that changes by the clock.


def open_at(windows, at):
    """The ids of the windows among `windows` open at `at`: those open 24 hours and those whose
    rows of hours say so (a holiday closing those closed on holidays). Two queries, whatever
    the number of windows."""
    ids = set(windows.filter(is_24h=True).values_list("pk", flat=True))
    rows = OpeningHours.objects.filter(window__in=windows.values("pk")).values_list(
        "window_id", "days", "opens", "closes", "window__closed_on_holidays"
    )
    for window_id, *row in rows:
        if window_id not in ids and opening.open_by_rows([row], at):
            ids.add(window_id)
    return ids


def next_opening_or_closing(now):
    """The next moment after `now` at which a window opens or closes, for each platform
    ({platform pk: moment}; the nationwide windows' under None, every platform's): a directory
    showing 「受付中」 changes then with nobody writing anything. A public holiday's openings of
    windows closed on holidays are none. One query."""
    rows = defaultdict(set)
    found = (
        OpeningHours.objects.filter(window__is_24h=False)
        .values_list(
            "window__nationwide",
            "window__platform_id",
            "days",
            "opens",
            "closes",
            "window__closed_on_holidays",
        )
        .distinct()
    )
    for nationwide, platform, *row in found:
        rows[None if nationwide else platform].add(tuple(row))
    moments = {platform: opening.next_change(list(r), now) for platform, r in rows.items()}
    return {platform: moment for platform, moment in moments.items() if moment is not None}
