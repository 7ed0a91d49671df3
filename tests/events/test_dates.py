"""Dates read the way each language writes them (cms/formats)."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation


def when(language):
    starts = timezone.make_aware(datetime.datetime(2026, 12, 15, 13, 30))
    with translation.override(language):
        return render_to_string(
            "events/includes/when.html",
            {"starts": starts, "ends": starts + datetime.timedelta(days=1, hours=2)},
        )


def test_japanese_pages_write_the_date_with_its_weekday_in_japanese():
    assert "2026年12月15日(火) 13:30" in when("ja")
    assert "2026年12月16日(水) 15:30" in when("ja")


def test_english_pages_write_it_in_english():
    html = when("en")
    assert "Tue 15 Dec 2026, 13:30" in html and "Wed 16 Dec 2026, 15:30" in html
    assert "年" not in html


def test_a_session_is_named_by_its_title_and_its_tokyo_time_never_raw_utc(db):
    from datetime import UTC, datetime

    from django.utils import translation

    from events.models import EventSession

    session = EventSession(title="第1回", starts_at=datetime(2026, 1, 6, 1, 0, tzinfo=UTC))
    with translation.override("ja"):
        assert str(session) == "第1回（2026年1月6日(火) 10:00）"
        session.title = ""
        assert str(session) == "2026年1月6日(火) 10:00"
    assert "+00:00" not in str(session)
