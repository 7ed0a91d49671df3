"""The events part of the scale data set (`load_scale`): 10,000 upcoming events in Japanese
and English with 20,000 sessions, and 100,000 registrations made through
`services.register_many`, 1,000 of them for one event (the admin's long registration list).
"""

import datetime

from django.utils import timezone
from wagtail.models import Site

from cms.core import platform as platforms
from cms.core.bulk_pages import add_translated, missing_numbers, scale_photo
from cms.people.models import Person
from events import services
from events.models import EventIndexPage, EventPage, EventSession, Quota, Registration

EVENTS, REGISTRATIONS, BIG_EVENT, EVENTS_WITH_REGISTRATIONS = 10_000, 100_000, 1_000, 1_000
AREAS = ["飯山地区", "秋津地区", "木島地区", "瑞穂地区", "外様地区", "常盤地区", "太田地区"]
CATEGORIES = [value for value, _label in EventPage.Category.choices]


def _starts(n):
    day = timezone.localdate() + datetime.timedelta(days=1 + n % 365)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + n % 9)))


def _fields(n, photo):
    starts = _starts(n)
    return {
        "image_id": photo.pk if n % 2 else None,
        "slug": f"scale-event-{n:05}",
        "category": CATEGORIES[n % len(CATEGORIES)],
        "area": AREAS[n % len(AREAS)],
        "venue_name": "飯山市福祉センター",
        "fee": "無料",
        "childcare": n % 4 == 0,
        # Written with save_base (bulk_pages), which skips EventPage.save: the first and
        # last session's times, as save() would set them.
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(days=7, hours=2),
    }


def _events(command, index):
    total = command.count(EVENTS)
    missing = missing_numbers(command, index, "scale-event-", "events", total)
    photo = scale_photo()
    made = add_translated(
        command,
        index,
        missing,
        lambda n: EventPage(
            title=f"地域のつながり講座 第{n + 1}回",
            summary="身近な人の変化に気づき、声をかけるための講座です。",
            **_fields(n, photo),
        ),
        lambda n: EventPage(
            title=f"Community connections course, part {n + 1}",
            summary="A course on noticing changes in the people around you.",
            **_fields(n, photo),
        ),
    )
    sessions, quotas = [], []
    for page in made:
        for week in range(2):
            starts = page.starts_at + datetime.timedelta(days=7 * week)
            sessions.append(
                EventSession(
                    page=page,
                    sort_order=week,
                    title=f"第{week + 1}回",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=2),
                )
            )
        quotas.append(
            # bulk_create sends no pre_save: the locale Wagtail would set is given here.
            Quota(
                page=page,
                locale_id=page.locale_id,
                sort_order=0,
                label="会場参加",
                mode="onsite",
                capacity=1000,
            )
        )
    EventSession.objects.bulk_create(sessions, batch_size=1000)
    Quota.objects.bulk_create(quotas, batch_size=1000)
    # A translation shows its original's places (EventPage.source); the English pages have
    # the same sessions, as a translation copies them.
    english = EventPage.objects.filter(
        translation_key__in=[p.translation_key for p in made]
    ).exclude(locale=index.locale)
    position = {p.translation_key: i for i, p in enumerate(made)}
    EventSession.objects.bulk_create(
        [
            EventSession(
                page=page,
                sort_order=s.sort_order,
                title=f"Part {s.sort_order + 1}",
                starts_at=s.starts_at,
                ends_at=s.ends_at,
            )
            for page in english
            for s in sessions[2 * position[page.translation_key] :][:2]
        ],
        batch_size=1000,
    )
    return total


def _sizes(command):
    """How many registrations each of the first events gets: one big event, the rest shared."""
    total, big = command.count(REGISTRATIONS), command.count(BIG_EVENT)
    others = max(1, command.count(EVENTS_WITH_REGISTRATIONS) - 1)
    rest = max(0, total - big)
    return [big] + [rest // others + (1 if i < rest % others else 0) for i in range(others)]


def _registrations(command, index):
    sizes = _sizes(command)
    events = {
        p.slug: p
        for p in EventPage.objects.child_of(index).filter(
            slug__in=[f"scale-event-{n:05}" for n in range(len(sizes))]
        )
    }
    done = set(
        Registration.objects.filter(event__in=events.values()).values_list("event_id", flat=True)
    )
    # The scale data set is the default site's (the demo's platform).
    platform = platforms.default()
    for n, size in enumerate(sizes):
        event = events.get(f"scale-event-{n:05}")
        if event is None or event.pk in done or size == 0:
            continue
        people = Person.objects.bulk_create(
            [
                Person(
                    platform=platform,
                    name=f"規模 太郎{n}-{i}",
                    email=f"scale-{n}-{i}@example.invalid",
                )
                for i in range(size)
            ]
        )
        services.register_many(event, quota=event.quotas.get(), people=people)
        if n % 100 == 0:
            command.progress("registrations (events)", n + 1, len(sizes))
    return sum(sizes)


def load(command):
    home = Site.objects.get(is_default_site=True).root_page
    index = EventIndexPage.objects.child_of(home).get(slug="events")
    events = _events(command, index)
    registrations = _registrations(command, index)
    command.stdout.write(
        f"  events: {events} events with {2 * events} sessions (ja, en), "
        f"{registrations} registrations"
    )
