"""The read side of volunteering: the shift lists with their places counted, a volunteer's
shifts and hours, the coordinators' roster. Pages, feeds, the admin and the certificate read
through here; what is full and how many places are left is `events.capacity`'s to say."""

from datetime import timedelta

from django.db.models import Count, F, Min, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from events.capacity import HOLDING, LIVE, Status
from volunteers.models import Shift, ShiftSignup, VolunteerOpportunity

#: The most shifts one list shows.
MAX_SHIFTS = 100


def annotate_places(shifts):
    """Shifts with `held` (places taken), `waiting` (people in line) and `offered` (places
    offered for swap), in the same query."""
    return shifts.annotate(
        held=Sum("signups__seats", filter=Q(signups__status__in=HOLDING), default=0),
        waiting=Count("signups", filter=Q(signups__status=Status.WAITLISTED)),
        offered=Count(
            "signups",
            filter=Q(signups__status=Status.CONFIRMED, signups__swap_offered_at__isnull=False),
        ),
    )


def is_short(shift):
    """Whether a shift with its places counted needs people: someone who offered their place
    for swap is not coming, so they do not count (`filter_shifts`' "needs" says the same)."""
    return shift.held - shift.offered < shift.min_people


def filter_shifts(shifts, filters, opportunity=None):
    """The shift list's filters (opportunity, date, place, role, needs people), shared by the
    page and its calendar feed so that a subscription shows what the filtered list shows.
    "needs people" wants `annotate_places` on `shifts`."""
    if opportunity is not None:
        shifts = shifts.filter(opportunity=opportunity)
    elif filters.get("opportunity"):
        shifts = shifts.filter(opportunity_id=filters["opportunity"])
    if filters.get("date"):
        shifts = shifts.filter(starts_at__date=filters["date"])
    if filters.get("place"):
        place = filters["place"]
        shifts = shifts.filter(
            Q(place__icontains=place)
            | Q(opportunity__place__icontains=place)
            | Q(opportunity__area__icontains=place)
        )
    if filters.get("role"):
        shifts = shifts.filter(role_id=filters["role"])
    if filters.get("needs"):
        # A place offered for swap is one the shift still has to fill (`is_short`).
        shifts = shifts.filter(held__lt=F("min_people") + F("offered"))
    return shifts


def open_shifts(platforms, filters, opportunity=None, *, now=None):
    """The shifts of `platforms` (the request's) to come that are not cancelled, filtered,
    with their places counted and what the sign-up checks read: at most MAX_SHIFTS, in one
    query."""
    now = now or timezone.now()
    shifts = annotate_places(
        Shift.objects.filter(
            opportunity__platform__in=platforms, starts_at__gt=now, cancelled_at__isnull=True
        )
    ).select_related("opportunity", "role__qualification")
    shifts = filter_shifts(shifts, filters, opportunity)
    return list(shifts.order_by("starts_at", "pk")[:MAX_SHIFTS])


def part_of(opportunities):
    """{opportunity pk: [(label, page)]}: the event and the food drive each opportunity is
    for, when live, in the visitor's language if translated (the link of a translated
    opportunity still names the original page); two queries however many opportunities."""
    links = ((_("Event"), "event_id"), (_("Food drive"), "food_drive_id"))
    ids = {getattr(o, field) for o in opportunities for _label, field in links} - {None}
    if not ids:
        return {}
    keys = dict(Page.objects.filter(pk__in=ids).values_list("pk", "translation_key"))
    locale = Locale.get_active()
    versions = {}
    for page in Page.objects.live().filter(translation_key__in=keys.values()):
        if page.pk in keys or page.locale_id == locale.pk:
            current = versions.get(page.translation_key)
            if current is None or page.locale_id == locale.pk:
                versions[page.translation_key] = page
    return {
        opportunity.pk: [
            (label, versions[keys[pk]])
            for label, field in links
            if (pk := getattr(opportunity, field)) in keys and keys[pk] in versions
        ]
        for opportunity in opportunities
    }


def food_drive_opportunities(page, *, now=None):
    """The opportunities (default language) for a food drive that have shifts ahead. An
    opportunity may name the drive in any language: they are matched by its translation key."""
    now = now or timezone.now()
    return (
        VolunteerOpportunity.objects.filter(
            locale=Locale.get_default(),
            food_drive__translation_key=page.translation_key,
            shifts__starts_at__gt=now,
            shifts__cancelled_at__isnull=True,
        )
        .distinct()
        .order_by("title", "pk")
    )


def default_opportunity(pk, platform):
    """The opportunity of `platform` (in the default language, which shifts belong to) or
    None: another platform's is none of this one's pages' business."""
    if not isinstance(pk, int):
        return None
    opportunity = VolunteerOpportunity.objects.filter(pk=pk, platform=platform).first()
    if opportunity is None:
        return None
    return opportunity.get_translation_or_none(Locale.get_default()) or opportunity


# A volunteer's shifts and hours -----------------------------------------------------------


def volunteer_shifts(volunteer, *, now=None):
    """(upcoming, past): the volunteer's live sign-ups for shifts not yet over, and the shifts
    they gave time to (held, not a no-show), oldest first, in one query."""
    now = now or timezone.now()
    signups = list(
        ShiftSignup.objects.filter(volunteer=volunteer)
        .exclude(status__in=[Status.DECLINED, Status.EXPIRED])
        .select_related("shift__opportunity", "shift__role")
        .order_by("shift__starts_at", "pk")
    )
    upcoming = [s for s in signups if s.shift.ends_at > now and s.status in LIVE]
    past = [s for s in signups if s.shift.ends_at <= now and s.status in HOLDING and not s.no_show]
    return upcoming, past


def total_hours(signups):
    """The hours recorded on these sign-ups (none recorded counts as 0)."""
    return sum((s.hours or 0) for s in signups)


def confirmed_signups(volunteer):
    """The sign-ups whose hours the coordinators confirmed, oldest first: what the hours
    certificate shows."""
    return (
        ShiftSignup.objects.filter(
            volunteer=volunteer, status=Status.ATTENDED, hours__isnull=False, no_show=False
        )
        .select_related("shift__opportunity", "shift__role")
        .order_by("shift__starts_at", "pk")
    )


# The coordinators' roster -----------------------------------------------------------------


def roster_opportunities(platforms, *, now=None):
    """Opportunities of `platforms` (default language, which shifts belong to) by their next
    shift; those with none ahead last."""
    now = now or timezone.now()
    opportunities = VolunteerOpportunity.objects.filter(
        platform__in=platforms, locale=Locale.get_default()
    ).annotate(next_shift=Min("shifts__starts_at", filter=Q(shifts__starts_at__gte=now)))
    return opportunities.order_by(F("next_shift").asc(nulls_last=True), "title")


def roster_shifts(opportunity, day=None):
    """The opportunity's shifts (of one day), places counted, each with `short`, its
    `live_signups` in line order and its `handovers` (who passed their place to whom)."""
    shifts = annotate_places(Shift.objects.filter(opportunity=opportunity))
    if day:
        shifts = shifts.filter(starts_at__date=day)
    signups = ShiftSignup.objects.filter(status__in=[*LIVE]).select_related("volunteer__person")
    handovers = ShiftSignup.objects.filter(handed_over_to__isnull=False).select_related(
        "volunteer__person", "handed_over_to__volunteer__person"
    )
    shifts = list(
        shifts.select_related("role")
        .prefetch_related(
            Prefetch("signups", queryset=signups.order_by("queued_at", "created_at", "pk")),
            Prefetch(
                "signups",
                queryset=handovers.order_by("status_changed_at", "pk"),
                to_attr="handovers",
            ),
        )
        .order_by("starts_at", "pk")
    )
    for shift in shifts:
        shift.short = is_short(shift)
        shift.live_signups = list(shift.signups.all())
    return shifts


def roster_signups(opportunity):
    """Every sign-up of the opportunity that is or was on a shift (not declined or expired
    offers), for the export."""
    return list(
        ShiftSignup.objects.filter(shift__opportunity=opportunity)
        .exclude(status__in=[Status.DECLINED, Status.EXPIRED])
        .select_related("shift__role", "volunteer__person")
        .order_by("shift__starts_at", "shift__pk", "queued_at", "created_at")
    )


def next_change_by_clock(now):
    """The next moment after `now` at which a shift starts or ends: the public list and feed
    show shifts until they start (see cms.core.freshness.next_change_by_clock), for each
    platform: {platform pk: moment}, one query."""
    rows = (
        Shift.objects.filter(ends_at__gt=now)
        .order_by()
        .values("opportunity__platform")
        .annotate(
            starts=Min("starts_at", filter=Q(starts_at__gt=now)),
            ends=Min("ends_at", filter=Q(ends_at__gt=now)),
        )
    )
    return {
        row["opportunity__platform"]: min(filter(None, (row["starts"], row["ends"])))
        for row in rows
    }


# The dashboard (cms.core.dashboard) ---------------------------------------------------------

#: How far ahead a shift short of people is the coordinators' business today.
SHORT_SHIFT_DAYS = 14


def short_shifts(platforms, *, now=None, days=SHORT_SHIFT_DAYS):
    """How many shifts of `platforms` in the next `days` still need people (one query)."""
    now = now or timezone.now()
    shifts = annotate_places(
        Shift.objects.filter(
            opportunity__platform__in=platforms,
            starts_at__gt=now,
            starts_at__lte=now + timedelta(days=days),
            cancelled_at__isnull=True,
        )
    )
    return filter_shifts(shifts, {"needs": True}).count()
