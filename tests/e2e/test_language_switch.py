import re

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_visitor_switches_the_home_page_to_english(page, live_server, demo_site):
    page.goto(live_server.url + "/")

    assert page.url == live_server.url + "/ja/"
    assert page.locator("html").get_attribute("lang") == "ja"
    # On a phone the languages open from the header's language button (a <details>).
    page.locator(".header-menu--languages summary").click()
    page.get_by_role("navigation", name="言語").get_by_role("link", name="English").click()

    page.wait_for_url(re.compile(r"/en/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Iiyama City")


def test_the_skip_link_is_the_first_stop_for_keyboard_users(page, live_server, demo_site):
    page.goto(live_server.url + "/ja/about/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "本文へスキップ"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
