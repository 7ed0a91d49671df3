"""A resident finds help on a phone, with JavaScript and without it: the navigator (answer a
few questions, see where to ask) and the site search (type words, open what was found)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import with_and_without_javascript

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@with_and_without_javascript
def test_a_resident_answers_the_navigator_and_sees_where_to_ask(page, live_server, demo_site):
    page.goto(live_server.url + "/ja/navigator/")
    page.get_by_role("group", name="悩んでいるのはだれですか？").get_by_label("自分").check()
    page.get_by_label("眠れない", exact=True).check()
    page.get_by_role("button", name="相談先を表示する").click()

    page.wait_for_url(re.compile(r"worry=cannot-sleep"))
    help_section = page.locator("section[aria-labelledby=help-heading]")
    expect(help_section.get_by_role("heading", name="相談できるところ")).to_be_visible()
    assert "眠れない" in help_section.inner_text()
    windows = help_section.locator(".card-list").first.get_by_role("listitem")
    assert windows.count() >= 1
    # What she chose is still chosen, to change an answer and ask again.
    expect(page.get_by_label("眠れない", exact=True)).to_be_checked()


@with_and_without_javascript
def test_a_resident_searches_and_opens_what_was_found(page, live_server, demo_site):
    page.goto(live_server.url + "/ja/search/")
    page.get_by_label("さがす言葉").fill("食堂")
    page.locator("main").get_by_role("button", name="検索").click()

    page.wait_for_url(re.compile(r"/ja/search/\?q="))
    results = page.locator(".search-results .card")
    assert results.count() >= 1
    link = results.first.get_by_role("link")
    title = link.inner_text()
    link.click()
    page.wait_for_url(lambda url: "/search/" not in url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)


def test_on_a_phone_each_box_is_on_the_line_of_its_words(page, live_server, demo_site):
    """The navigator's, the windows directory's and the ibasho list's boxes and round buttons
    sit beside their words: a 44 px high box (site.css's height for text fields) stood above
    its words, and the navigator's 「外国人住民」 box under the question before it. Their
    labels end without a colon (「いま受付中:」)."""
    for path in ("/ja/navigator/", "/ja/navigator/windows/", "/ja/ibasho/"):
        page.goto(live_server.url + path)
        boxes = page.locator("main form input[type=checkbox], main form input[type=radio]")
        assert boxes.count() >= 2, path
        for box in boxes.all():
            if not box.is_visible():
                continue
            name = box.get_attribute("id")
            label = page.locator(f"label[for='{name}']")
            shape, words = box.bounding_box(), label.bounding_box()
            assert shape["height"] <= 30, (path, name, shape)
            middle = shape["y"] + shape["height"] / 2
            assert abs(middle - (words["y"] + words["height"] / 2)) <= 8, (path, name)
            assert words["x"] + words["width"] > shape["x"] + shape["width"], (path, name)
            assert not label.inner_text().strip().endswith((":", "：")), (path, name)
