"""The events calendar on a 390 px phone, without JavaScript: not a seven-column grid of a few
characters a day, but a list of the days that have events, each with its date and weekday,
and nothing wider than the screen. On a wide screen it stays a month grid."""

import pytest
from django.utils import timezone

from tests.events.conftest import make_event
from tests.volunteers.conftest import default_locale

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SCROLL_WIDTH = "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"


def month_with_events():
    default_locale()  # transactional tests flush the locale the migrations made
    first = make_event("ひだまり交流会（長いお名前の催しでも読めること）", slug="hidamari", days=2)
    make_event("傾聴ボランティア養成講座", slug="keicho", days=3)
    day = timezone.localtime(first.starts_at)
    return first, f"{day.year}-{day.month:02d}"


def test_on_a_phone_the_month_is_a_list_of_days_with_events(browser, live_server, tmp_path):
    first, month = month_with_events()
    context = browser.new_context(locale="ja-JP", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{first.get_parent().url}?view=calendar&month={month}")
    scroll, client = page.evaluate(SCROLL_WIDTH)
    assert scroll <= client, "the calendar is wider than the phone"
    days = [d for d in page.locator(".month td").all() if d.is_visible()]
    assert 1 <= len(days) <= 2  # only the days with events (both may share a day)
    for day in days:
        box = day.bounding_box()
        assert box["width"] >= PHONE["width"] * 0.8  # a full-width row, not a grid cell
        date = day.locator(".month__date")
        assert date.is_visible() and "月" in date.inner_text() and "(" in date.inner_text()
    title = page.get_by_role("link", name="ひだまり交流会（長いお名前の催しでも読めること）")
    assert title.is_visible() and title.bounding_box()["height"] >= 44
    assert not page.locator(".month thead").is_visible()
    caption = page.locator(".month caption")
    assert caption.bounding_box()["height"] < 60  # one line: 2026年12月, not a column
    page.screenshot(path=tmp_path / "calendar-phone.png", full_page=True)
    print(tmp_path / "calendar-phone.png")
    context.close()


def test_on_a_wide_screen_the_month_stays_a_grid(browser, live_server):
    first, month = month_with_events()
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}{first.get_parent().url}?view=calendar&month={month}")
    assert page.locator(".month thead").is_visible()
    visible = [d for d in page.locator(".month td").all() if d.is_visible()]
    assert len(visible) >= 28
    assert not page.locator(".month__date").first.is_visible()
    context.close()


def test_on_a_phone_each_filter_is_named_just_above_its_field(browser, live_server):
    """The events' filters, list and calendar: each label above its own field, where they ran
    on as one line (「種類 [全て] 分野・対象」 with 分野・対象's field on the next line, under
    another label's)."""
    first, month = month_with_events()
    context = browser.new_context(locale="ja-JP", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    for query in ("", f"?view=calendar&month={month}"):
        page.goto(f"{live_server.url}{first.get_parent().url}{query}")
        labels = page.locator("form.filters label").all()
        assert len(labels) >= 5
        for label in labels:
            field = page.locator(f"#{label.get_attribute('for')}")
            named, box = label.bounding_box(), field.bounding_box()
            assert named["y"] + named["height"] <= box["y"] + 1, label.inner_text()
            assert box["y"] - (named["y"] + named["height"]) < 16, label.inner_text()
            assert abs(named["x"] - box["x"]) < 4, label.inner_text()
    context.close()
