from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from events import services
from events.models import EventPage
from tests.events.conftest import make_event, make_index


def render(client, query=""):
    url = make_index().url + query
    client.get(url)  # caches of the site's root paths, as on a running server
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


# It counts the queries of a render: from the page cache there would be none.
@override_settings(PAGE_CACHE=False)
def test_the_index_runs_the_same_number_of_queries_for_few_or_many_events(client, db):
    make_event(slug="one")
    _body, few = render(client)
    for n in range(6):
        make_event(slug=f"more-{n}")
    _body, many = render(client)
    assert few == many


def test_the_index_shows_seats_left_and_the_waitlist_state(client, db):
    open_event = make_event("勉強会", capacity=5, slug="open")
    full = make_event("交流会", capacity=1, slug="full")
    for event in (open_event, full):
        services.register(event, quota=event.quotas.get(), name="a", email="a@example.jp")
    body, _queries = render(client)
    assert "残り4席" in body
    assert "満席（キャンセル待ち受付中）" in body
    page = client.get(full.url).content.decode()
    assert "満席（キャンセル待ち受付中）" in page


def test_filters_and_past_events(client, db):
    make_event("ゆうやけ講座", slug="lecture", category=EventPage.Category.LECTURE, area="飯山地区")
    make_event("ひだまりワーク", slug="ws", category=EventPage.Category.WORKSHOP)
    make_event("去年のシンポジウム", slug="past", days=-30)
    body, _ = render(client, "?category=lecture")
    assert "ゆうやけ講座" in body and "ひだまりワーク" not in body
    body, _ = render(client, "?area=飯山地区")
    assert "ゆうやけ講座" in body and "ひだまりワーク" not in body
    body, _ = render(client, "?when=past")
    assert "去年のシンポジウム" in body and "ゆうやけ講座" not in body
    body, _ = render(client, "?month=garbage&organiser=x&page=999")
    assert "ゆうやけ講座" in body


def test_the_online_link_never_appears_on_public_pages(client, db):
    event = make_event(online_url="https://meet.example.jp/secret-room", attendance="hybrid")
    assert "secret-room" not in client.get(event.url).content.decode()
    assert "secret-room" not in render(client)[0]


# It counts the queries of a render: from the page cache there would be none.
@override_settings(PAGE_CACHE=False)
def test_the_month_calendar_puts_events_on_their_day_in_constant_queries(client, db):
    from django.utils import timezone

    event = make_event("つどいの日", slug="tsudoi", days=3)
    day = timezone.localtime(event.starts_at)
    month = f"{day.year}-{day.month:02d}"
    body, few = render(client, f"?view=calendar&month={month}")
    assert "つどいの日" in body
    assert f"{day.year}年{day.month}月" in body
    for n in range(4):
        make_event(f"別の会{n}", slug=f"other-{n}", days=3)
    body, many = render(client, f"?view=calendar&month={month}")
    assert few == many
    assert "別の会3" in body
    for odd in ("9999-12", "0-1", "2026-13", "x"):
        assert render(client, f"?view=calendar&month={odd}")[0]
        assert render(client, f"?month={odd}")[0]


def test_a_course_of_several_sessions_is_listed_by_its_first_and_their_number(client, db):
    from datetime import timedelta

    from events.models import EventSession

    course = make_event("サポーター養成講座", slug="course")
    first = course.sessions.get()
    EventSession.objects.create(
        page=course,
        starts_at=first.starts_at + timedelta(days=7),
        ends_at=first.ends_at + timedelta(days=7),
    )
    course.save_revision().publish()
    make_event("一回きりの集い", slug="single")
    body, _queries = render(client)
    card = body[body.index(">サポーター養成講座</a>") :].split("</li>")[0]
    assert "（全2回）" in card
    assert card.count("<time") == 1  # not one long event from the first start to the last end
    single = body[body.index(">一回きりの集い</a>") :].split("</li>")[0]
    assert "回）" not in single and single.count("<time") == 2


def test_the_month_marks_the_days_without_events_and_says_when_it_has_none(client, db):
    """On a phone the month is a list of the days with events (site.css, tests/e2e/
    test_phone_calendar.py): each day carries its date and weekday, empty days are marked."""
    from django.utils import timezone

    event = make_event("つどいの日", slug="tsudoi", days=3)
    day = timezone.localtime(event.starts_at)
    body, _queries = render(client, f"?view=calendar&month={day.year}-{day.month:02d}")
    assert f'<span class="month__date">{day.month}月{day.day}日 (' in body
    assert "month__empty" in body
    assert "この月のイベントはありません。" not in body
    body, _queries = render(client, "?view=calendar&month=2031-02")
    assert "この月のイベントはありません。" in body
