"""Member calendars mirrored into Tsunagu: fixture feeds served by a local HTTP server, read by
the scheduled task, shown in the index and the feeds, and managed per organisation."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django_q.models import Schedule

from cms.core import ical_import
from events import imports
from events.models import CalendarSource, EventPage, ImportedEvent
from tests.cms.test_ical_import import FeedServer, calendar
from tests.events.conftest import make_event, make_index
from tests.events.test_flyer import organiser
from tests.roles import member_editor, secretariat


def day(days, hour=10):
    start = timezone.localtime() + timedelta(days=days)
    return start.replace(hour=hour, minute=0, second=0, microsecond=0).strftime("%Y%m%dT%H%M%S")


def vevent(uid, summary, days, *extra):
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTART;TZID=Asia/Tokyo:{day(days)}",
        f"DTEND;TZID=Asia/Tokyo:{day(days, 12)}",
        f"SUMMARY:{summary}",
        *extra,
        "END:VEVENT",
    ]


@pytest.fixture
def feeds():
    server = FeedServer()
    yield server
    server.server.shutdown()


@pytest.fixture
def source(db, feeds):
    member = organiser()
    return CalendarSource.objects.create(
        name="NPOつなぎ手のカレンダー",
        url=feeds.serve("/member.ics", calendar(*vevent("a@example.jp", "子ども食堂", 3))),
        organisation=member,
        index=make_index(),
        # Mirroring as such; moderation of untrusted sources: test_calendar_moderation.
        publish_directly=True,
    )


def titles(source):
    return sorted(source.imported_events.values_list("title", flat=True))


def test_a_feed_is_mirrored_updated_and_vanished_uids_removed(feeds, source):
    assert imports.import_source(source) == (1, 0, 0)
    assert imports.import_source(source) == (0, 0, 0)
    feeds.serve(
        "/member.ics",
        calendar(
            *vevent("a@example.jp", "子ども食堂（場所変更）", 3, "LOCATION:公民館"),
            *vevent("b@example.jp", "ふれあいサロン", 5),
        ),
    )
    assert imports.import_source(source) == (1, 1, 0)
    moved = ImportedEvent.objects.get(uid="a@example.jp")
    assert (moved.title, moved.location, moved.sequence) == ("子ども食堂（場所変更）", "公民館", 1)
    feeds.serve("/member.ics", calendar(*vevent("b@example.jp", "ふれあいサロン", 5)))
    assert imports.import_source(source) == (0, 0, 1)
    assert titles(source) == ["ふれあいサロン"]
    source.refresh_from_db()
    assert source.last_ok_at and not source.last_error


def test_recurring_time_zoned_and_all_day_events_are_imported(feeds, source):
    feeds.serve(
        "/member.ics",
        calendar(
            *vevent("weekly@example.jp", "体操教室", 2, "RRULE:FREQ=WEEKLY;COUNT=4"),
            "BEGIN:VEVENT",
            "UID:ny@example.org",
            f"DTSTART;TZID=America/New_York:{day(7, 19)}",
            f"DTEND;TZID=America/New_York:{day(7, 20)}",
            "SUMMARY:Online exchange",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:drive@example.jp",
            f"DTSTART;VALUE=DATE:{day(9)[:8]}",
            f"DTEND;VALUE=DATE:{day(10)[:8]}",
            "SUMMARY:フードドライブ",
            "END:VEVENT",
        ),
    )
    imports.import_source(source)
    weekly = ImportedEvent.objects.filter(uid="weekly@example.jp")
    assert weekly.count() == 4
    assert len(set(weekly.values_list("recurrence_id", flat=True))) == 4
    new_york = ImportedEvent.objects.get(uid="ny@example.org")
    assert new_york.starts_at.astimezone(UTC).hour in (0, 23, 1)  # 19:00 in New York
    drive = ImportedEvent.objects.get(uid="drive@example.jp")
    assert drive.all_day


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        (b"this is not a calendar", 200, "not a valid iCalendar"),
        (b"", 500, ""),
        (calendar(*vevent("x@example.jp", "x", 1)) + b" " * 3000, 200, "larger than the limit"),
    ],
)
def test_a_broken_feed_records_why_and_keeps_the_last_good_events(
    feeds, source, monkeypatch, body, status, reason
):
    imports.import_source(source)
    monkeypatch.setattr(ical_import, "MAX_FEED_BYTES", 2000)
    feeds.serve("/member.ics", body, status=status)
    with translation.override("en"):  # the reason is matched in English; ja is in the catalog
        assert imports.import_source(source) is None
    source.refresh_from_db()
    assert source.last_error
    assert reason in source.last_error or reason == ""
    assert titles(source) == ["子ども食堂"]


def test_import_never_touches_events_typed_in_tsunagu(feeds, source):
    typed = make_event("手入力のイベント")
    imports.import_source(source)
    feeds.serve("/member.ics", calendar())
    imports.import_source(source)
    assert EventPage.objects.filter(pk=typed.pk, live=True).exists()
    assert titles(source) == []


def test_the_schedule_exists_and_runs_every_active_source(feeds, source):
    schedule = Schedule.objects.get(name="events-calendar-import")
    assert schedule.func == "events.imports.import_all_sources"
    inactive = CalendarSource.objects.create(
        name="止めた", url=feeds.serve("/off.ics", calendar()), index=source.index, active=False
    )
    assert imports.import_all_sources() == {source.pk: (1, 0, 0)}
    assert inactive.last_fetched_at is None


def test_imported_events_show_in_the_index_the_feeds_marked_with_their_source(
    client, feeds, source
):
    make_event("手入力のイベント", organiser=source.organisation)
    imports.import_source(source)
    index = source.index
    page = client.get(index.url).content.decode()
    assert "子ども食堂" in page
    # its source named, linked to the member organisation's profile
    profile = source.organisation.get_url_parts()[2]
    assert f'<a href="{profile}">NPOつなぎ手のカレンダー</a> から取り込み' in page
    month = timezone.localtime(ImportedEvent.objects.get().starts_at).strftime("%Y-%m")
    grid = client.get(index.url, {"view": "calendar", "month": month}).content.decode()
    assert "子ども食堂" in grid and "NPOつなぎ手のカレンダー" in grid
    filtered = client.get(index.url + "?category=workshop").content.decode()
    assert "子ども食堂" not in filtered
    for url in (
        "/calendar.ics",
        index.url + "calendar/",
        reverse("events:organisation_calendar", kwargs={"organisation_id": source.organisation_id}),
    ):
        entries = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
        imported = [e for e in entries if str(e["summary"]) == "子ども食堂"]
        assert len(imported) == 1, url
        assert "NPOつなぎ手のカレンダー" in str(imported[0]["description"])


def test_a_member_manages_only_its_own_organisations_sources(client, source, feeds):
    editor = member_editor()
    own = editor.groups.exclude(name="参画団体").first()
    from wagtail.models import GroupPagePermission

    own_page = GroupPagePermission.objects.filter(group=own).first().page
    client.force_login(editor)
    listing = client.get(reverse("calendar_sources:index"))
    assert listing.status_code == 200
    assert source.name not in listing.content.decode()
    other = client.get(reverse("calendar_sources:edit", args=[source.pk]))
    # a 404, which LocaleMiddleware turns into a redirect to a page that does not exist
    assert other.status_code in (302, 404)
    assert source.name not in other.content.decode()
    response = client.post(
        reverse("calendar_sources:add"),
        {
            "name": "自分のカレンダー",
            "url": "webcal://example.jp/own.ics",
            "organisation": str(source.organisation_id),
            "index": str(source.index_id),
            "active": "on",
        },
    )
    assert response.status_code == 200  # another member's organisation is not a choice
    assert not CalendarSource.objects.filter(name="自分のカレンダー").exists()
    client.post(
        reverse("calendar_sources:add"),
        {
            "name": "自分のカレンダー",
            "url": "webcal://example.jp/own.ics",
            "organisation": str(own_page.pk),
            "index": str(source.index_id),
            "active": "on",
        },
    )
    mine = CalendarSource.objects.get(name="自分のカレンダー")
    assert (mine.organisation_id, mine.url) == (own_page.pk, "https://example.jp/own.ics")


def test_the_secretariat_sees_every_source(client, source):
    client.force_login(secretariat())
    listing = client.get(reverse("calendar_sources:index"))
    assert source.name in listing.content.decode()
    assert client.get(reverse("calendar_sources:edit", args=[source.pk])).status_code == 200


def test_imported_uids_are_stable_and_distinct_per_occurrence(feeds, source):
    from events.feeds import imported_occurrence

    feeds.serve(
        "/member.ics",
        calendar(*vevent("weekly@example.jp", "体操教室", 2, "RRULE:FREQ=WEEKLY;COUNT=3")),
    )
    imports.import_source(source)
    first = [imported_occurrence(e).uid for e in ImportedEvent.objects.order_by("starts_at")]
    imports.import_source(source)
    again = [imported_occurrence(e).uid for e in ImportedEvent.objects.order_by("starts_at")]
    assert first == again and len(set(first)) == 3
    assert datetime  # the module's times are built from timezone.localtime


def test_an_out_of_range_sequence_is_clamped_and_one_bad_source_never_stops_the_others(
    feeds, source, monkeypatch
):
    feeds.serve("/member.ics", calendar(*vevent("a@example.jp", "子ども食堂", 3, "SEQUENCE:-1")))
    broken = CalendarSource.objects.create(
        name="壊れたフィード",
        url=feeds.serve("/broken.ics", calendar(*vevent("b@example.jp", "学習会", 4, "SEQUENCE:99999999999"))),
        index=source.index,
    )  # fmt: skip
    other = CalendarSource.objects.create(
        name="もう一つの団体",
        url=feeds.serve("/other.ics", calendar(*vevent("c@example.jp", "サロン", 5))),
        index=source.index,
    )
    assert imports.import_all_sources() == {
        source.pk: (1, 0, 0),
        broken.pk: None,
        other.pk: (1, 0, 0),
    }
    assert list(source.imported_events.values_list("sequence", flat=True)) == [0]
    broken.refresh_from_db()
    assert broken.last_error

    # Whatever the database refuses in one feed is recorded on its source alone.
    real_mirror = imports._mirror

    def refuses(failing, occurrences, now):
        if failing.pk == source.pk:
            raise ValueError("a value the database refuses")
        return real_mirror(failing, occurrences, now)

    monkeypatch.setattr(imports, "_mirror", refuses)
    assert imports.import_all_sources()[other.pk] == (0, 0, 0)
    source.refresh_from_db()
    assert "ValueError" in source.last_error
    assert titles(source) == ["子ども食堂"]
