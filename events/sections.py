"""What events add to pages of `cms` through its section hooks (see `cms.core.sections`):
the events a member organisation organises on its profile, and upcoming events in the
newsletter digest. Each runs a fixed number of queries."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core import platform as core_platform
from cms.core.sections import in_language, locales_q
from events import platforms
from events.discreet import listed
from events.models import EventPage, EventSession, not_over

UPCOMING_ON_PROFILE = 10
PAST_ON_PROFILE = 3
UPCOMING_IN_DIGEST = 5


def _events(locale_id):
    """The public events of a locale, each with its number of sessions: a course of several
    is listed by its first session and their number, where the member's profile showed it as
    one long event from the first start to the last end (as events.queries.with_availability
    does for the event lists)."""
    sessions = (
        EventSession.objects.filter(page=OuterRef("pk"))
        .order_by()
        .values("page")
        .annotate(total=Count("pk"))
        .values("total")
    )
    events = listed(EventPage.objects.live().public())
    return (
        events.filter(locales_q(locale_id))
        .select_related("locale")
        .annotate(session_count=Coalesce(Subquery(sessions, output_field=IntegerField()), 0))
    )


def _upcoming(events, now):
    return events.filter(not_over(now)).order_by("starts_at", "pk")


def member_events(member, request=None, now=None):
    """Upcoming and a few past events that member organises or co-organises, in the page's
    language where translated: two queries."""
    now = now or timezone.now()
    key = member.translation_key
    # The events of the member's own platform only.
    own = [info for info in [platforms.of_path(member.path)] if info is not None]
    events = (
        _events(member.locale_id)
        .filter(platforms.under(own))
        .filter(Q(organiser__translation_key=key) | Q(co_organisers__translation_key=key))
    )
    events = events.distinct()
    # Each event can be there in two languages: fetch twice the number shown.
    upcoming = in_language(
        list(_upcoming(events, now)[: 2 * UPCOMING_ON_PROFILE]),
        member.locale_id,
        UPCOMING_ON_PROFILE,
    )
    past = in_language(
        list(
            events.filter(starts_at__lt=now)
            .exclude(ends_at__gte=now)
            .order_by("-starts_at", "-pk")[: 2 * PAST_ON_PROFILE]
        ),
        member.locale_id,
        PAST_ON_PROFILE,
    )
    if not upcoming and not past:
        return None
    return {
        "template": "events/includes/member_events.html",
        "upcoming": upcoming,
        "past": past,
        "page": member,
        # Its events (and those imported from its own calendars) as a feed to subscribe to.
        "calendar_url": reverse(
            "events:organisation_calendar", kwargs={"organisation_id": member.pk}
        ),
    }


def digest_events(locale, now=None, platform=None):
    """Upcoming events of the newsletter's platform (the default one's when none is given)
    for its digest, in the subscriber's language: one query."""
    now = now or timezone.now()
    platform = platform or core_platform.default()
    own = [platforms.platform_map()[platform.pk]] if platform is not None else []
    events = _events(locale.pk).filter(platforms.under(own))
    upcoming = in_language(
        list(_upcoming(events, now)[: 2 * UPCOMING_IN_DIGEST]),
        locale.pk,
        UPCOMING_IN_DIGEST,
    )
    if not upcoming:
        return None
    lines = [_("Upcoming events")]
    for event in upcoming:
        when = timezone.localtime(event.starts_at).strftime("%Y/%m/%d %H:%M")
        lines.append(f"- {when} {event.title}")
        lines.append(f"  {event.full_url}")
    return {"events": upcoming, "text": "\n".join(lines)}
