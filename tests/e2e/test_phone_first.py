"""Phone first, in Chromium: the header leaves the screen to the content, the menu and the text
size work without JavaScript, the pages reflow at the largest text size, and a form sent with
errors opens at their summary (issue 20)."""

import re

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}
HEADER_HEIGHT = "document.querySelector('header.site-header').getBoundingClientRect().height"
SCROLL_WIDTH = "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
ROOT_FONT_SIZE = "getComputedStyle(document.documentElement).fontSize"
FOCUSED = "document.activeElement.id || document.activeElement.textContent.trim()"


@pytest.fixture
def no_js_page(browser):
    """A phone's browser with JavaScript switched off."""
    context = browser.new_context(locale="ja-JP", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_header_takes_at_most_a_quarter_of_a_phone_screen(
    page, live_server, demo_site, language
):
    for path in (f"/{language}/", f"/{language}/navigator/windows/", f"/{language}/events/"):
        page.goto(live_server.url + path)
        height = page.evaluate(HEADER_HEIGHT)
        assert height <= PHONE["height"] / 4, f"{path}: the header is {height}px tall"
        # The menu waits behind its button; the button and the site's name are there.
        assert not page.locator(".main-nav").is_visible()
        assert page.locator("details.header-menu--main > summary").is_visible()
        assert page.locator(".site-name").is_visible()


@pytest.mark.parametrize("language", ["ja", "en", "ne"])
def test_at_the_largest_text_size_the_header_still_takes_at_most_a_quarter(
    page, live_server, demo_site, language
):
    """特大 (150 %): the site's name may take two lines, the buttons still share one row."""
    page.context.add_cookies(
        [{"name": "tsunagu_text_size", "value": "x-large", "url": live_server.url}]
    )
    for path in (f"/{language}/", f"/{language}/navigator/windows/", f"/{language}/events/"):
        page.goto(live_server.url + path)
        assert "text-x-large" in page.evaluate("document.documentElement.className")
        height = page.evaluate(HEADER_HEIGHT)
        print(f"{path} at 特大: header {height}px")
        assert height <= PHONE["height"] / 4, f"{path}: the header is {height}px tall at 特大"
        # The buttons keep their names for screen readers, and their size for fingers.
        menu = page.locator("details.header-menu--main > summary")
        assert menu.is_visible() and menu.bounding_box()["height"] >= 44
        assert menu.locator(".header-menu__label").text_content().strip()
        languages = page.locator("details.header-menu--languages > summary")
        assert languages.is_visible() and languages.bounding_box()["width"] >= 44


def test_on_a_wide_screen_the_menu_and_search_show_without_a_button(
    browser, live_server, demo_site
):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/ja/")
    assert page.get_by_role("link", name="相談窓口", exact=True).first.is_visible()
    assert page.get_by_role("searchbox", name="サイト内検索").is_visible()
    assert page.locator("nav.language-switcher a[hreflang=en]").is_visible()
    assert not page.locator("details.header-menu > summary").first.is_visible()
    context.close()


def test_without_javascript_the_keyboard_opens_the_menu_and_reaches_its_links(
    no_js_page, live_server, demo_site
):
    page = no_js_page
    page.goto(live_server.url + "/ja/")
    stops = []
    for _ in range(6):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if "メニュー・検索" in stops[-1]:
            break
    assert "メニュー・検索" in stops[-1], stops
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "相談先をさがす"
    assert page.locator(".main-nav").get_by_role("link", name="相談先をさがす").is_visible()
    # The search is in the same panel.
    page.get_by_role("searchbox", name="サイト内検索").fill("食堂")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ja/search/\?q="))

    # The language entry opens the same way.
    page.goto(live_server.url + "/ja/")
    page.locator("details.header-menu--languages > summary").focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/$"))


def test_the_text_size_without_javascript_is_remembered_and_the_pages_reflow(
    no_js_page, live_server, demo_site
):
    page = no_js_page
    page.goto(live_server.url + "/ja/navigator/windows/")
    assert page.evaluate(ROOT_FONT_SIZE) == "16px"
    page.locator("details.header-menu--main > summary").click()
    page.get_by_role("button", name="特大").click()
    # Back on the same page (a navigator page, which sends no referrer), in the large size.
    page.wait_for_url(live_server.url + "/ja/navigator/windows/")
    assert page.evaluate(ROOT_FONT_SIZE) == "24px"

    for path in (
        "/ja/",
        "/ja/navigator/?who=self&age=older&worry=cannot-sleep",
        "/ja/navigator/windows/",
        "/ja/events/symposium/",
        "/ja/volunteers/join/",
        "/en/",
        "/en/events/symposium/",
    ):
        page.goto(live_server.url + path)
        assert page.evaluate(ROOT_FONT_SIZE) == "24px", path
        scroll_width, client_width = page.evaluate(SCROLL_WIDTH)
        assert scroll_width <= client_width + 1, f"{path} scrolls sideways ({scroll_width}px)"

    page.locator("details.header-menu--main > summary").click()
    pressed = page.locator(".preference--text-size button[aria-pressed=true]")
    assert pressed.inner_text() == "Extra large"
    page.get_by_role("button", name="Standard").click()
    page.wait_for_url(live_server.url + "/en/events/symposium/")
    assert page.evaluate(ROOT_FONT_SIZE) == "16px"


def test_a_form_sent_with_errors_opens_at_their_summary_with_the_focus_without_javascript(
    no_js_page, live_server, demo_site
):
    page = no_js_page
    page.goto(live_server.url + "/ja/volunteers/join/")
    page.locator("#id_name").fill("飯山 花子")
    page.locator("#id_phone").fill("090-1234")
    page.locator("main form.form button[type=submit]").click()
    page.locator("#form-errors").wait_for()
    assert page.url.endswith("/ja/volunteers/join/")
    assert page.evaluate("document.activeElement.id") == "form-errors"
    top = page.locator("#form-errors").evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < PHONE["height"] / 2
    # Nothing typed is lost.
    assert page.locator("#id_name").input_value() == "飯山 花子"
    assert page.locator("#id_phone").input_value() == "090-1234"


def test_with_javascript_the_focus_goes_to_the_summary_too(page, live_server, demo_site):
    page.goto(live_server.url + "/ja/events/symposium/")
    page.locator(".registration form button[type=submit]").click()
    page.locator("#form-errors").wait_for()
    assert page.evaluate("document.activeElement.id") == "form-errors"


def test_on_paper_the_header_tools_and_forms_go_and_outside_links_are_written_out(
    page, live_server, demo_site
):
    page.goto(live_server.url + "/ja/navigator/windows/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header__tools").is_visible()
    assert not page.locator("main form").first.is_visible()
    assert page.locator("h1").is_visible()
    colour = page.evaluate("getComputedStyle(document.querySelector('.site-header')).color")
    assert colour == "rgb(0, 0, 0)"
    page.goto(live_server.url + "/ja/members/iiyama-shakyo/")
    outside = page.locator("main a[href^='http']").first
    after = outside.evaluate("e => getComputedStyle(e, '::after').content")
    assert outside.get_attribute("href") in after
