"""Run by the bench (`python -m tests.bench.prepare`, bench settings, the bench database) once
the scale data set is in: what the load generator needs to know, as JSON on stdout — the
addresses of the pages to measure, a staff session for the admin's registration list,
icalendar's bare serialisation time for the calendar's events (its floor), and with
`--burst` a fresh event of 100 seats for the registration burst."""

import json
import statistics
import sys
import time
from datetime import timedelta

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page, Site  # noqa: E402

from events.feeds import sessions_of, with_pages  # noqa: E402
from events.models import EventPage, EventSession, Quota  # noqa: E402
from tests.bench.ical_floor import bare_ical  # noqa: E402


def _page(slug, language="ja"):
    pages = Page.objects.filter(slug=slug, locale__language_code=language, live=True)
    return pages.order_by("depth", "path").first().url


def _staff_session():
    user, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    backends = settings.AUTHENTICATION_BACKENDS
    backend = next((b for b in backends if b.endswith("ModelBackend")), backends[0])
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _ical_floor():
    """icalendar alone, the calendar's rows already in memory: milliseconds (median of 3)."""
    rows = with_pages(sessions_of(EventPage.objects.live().public()))
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        bare_ical(rows)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), len(rows)


def _burst_event():
    home = Site.objects.get(is_default_site=True).root_page
    index = Page.objects.child_of(home).get(slug="events").specific
    starts = timezone.now() + timedelta(days=30)
    event = EventPage(
        title="バースト計測用シンポジウム",
        slug=f"bench-burst-{int(time.time())}",
        summary="計測用",
        category=EventPage.Category.SYMPOSIUM,
    )
    event.sessions = [EventSession(starts_at=starts, ends_at=starts + timedelta(hours=2))]
    event.quotas = [Quota(label="", mode="onsite", capacity=100)]
    index.add_child(instance=event)
    event.save_revision().publish()
    return {"url": event.url, "pk": event.pk, "quota": event.quotas.get().pk}


def main():
    big = EventPage.objects.get(slug="scale-event-00000", locale__language_code="ja")
    floor_ms, sessions = _ical_floor()
    facts = {
        "urls": {
            "home": "/ja/",
            "news index": _page("news"),
            "news item": _page("scale-news-00000"),
            "event list": _page("events"),
            "event list, 2 filters": _page("events")
            + "?category=lecture&area=%E9%A3%AF%E5%B1%B1%E5%9C%B0%E5%8C%BA",
            "event page": _page("scale-event-00001"),
            "ibasho list": _page("ibasho"),
            "ibasho page": _page("scale-ibasho-00000"),
            "navigator result": "/ja/navigator/?who=self&age=older",
            "search": "/ja/search/?q=%E5%B1%85%E5%A0%B4%E6%89%80",
            "member profile": _page("scale-member-00000"),
            "food-drive page": _page("daredemo-shokudo-food-drive"),
            "admin: registrations (1,000)": reverse("events_admin:registrations", args=[big.pk]),
        },
        "admin_cookie": _staff_session(),
        "big_event_registrations": big.registrations.count(),
        "ical_floor_ms": floor_ms,
        "ical_sessions": sessions,
    }
    if "--burst" in sys.argv:
        facts["burst"] = _burst_event()
    json.dump(facts, sys.stdout)


if __name__ == "__main__":
    main()
