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
