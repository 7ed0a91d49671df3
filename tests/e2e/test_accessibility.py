"""Accessibility of the public pages as a browser shows them. Our bar is WCAG 2.2 AA; axe-core
finds a part of what that asks (what a machine can tell), so these tests are a floor.

- axe-core, from npm and read from disk (never served to visitors), runs with the WCAG 2.0-2.2
  A/AA rules on the demo's public pages, in Japanese and in English, and the key pages in
  やさしい日本語 and in Nepali (a script of its own), on a phone-sized screen, including forms
  shown again with their errors. A serious or critical violation fails.
- No page scrolls sideways at 390px, and the key pages not with the text at 200 % either
  (WCAG 1.4.4, 1.4.10).
- A keyboard user reaches "skip to main content" first, then the registration form's fields in
  the order they are shown, always seeing where the focus is, and registers without a mouse.

The demo is loaded once per test (10-30 seconds), so the pages are walked in one test rather
than one test each."""

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from cms.directory.ibasho.views import leaflet_available
from cms.directory.windows.models import ConsultationWindow
from cms.people.models import Person, Qualification
from cms.people.services import issue_token
from events.courses import services as courses
from events.courses.models import TrainingCourse
from tests.courses.conftest import make_course
from tests.e2e.conftest import requests_to_other_hosts
from tests.platforms import default_platform
from tests.roles import trainer
from tests.volunteers.conftest import default_locale
from volunteers import services as volunteer_services
from volunteers.models import Volunteer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
needs_axe = pytest.mark.skipif(
    not AXE.exists(), reason=f"needs axe-core at {AXE}: make install runs npm ci (dev dependency)"
)

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}

# Where axe reports a rule that WCAG does not ask of that element: one rule, one kind of
# element, and why. Never a rule for a whole page.
NOT_VIOLATIONS = [
    {
        "rule": "target-size",
        "selector": ".leaflet-marker-icon",
        "why": "WCAG 2.5.8 exempts a target whose function is also offered by a large enough "
        "one on the same page: each marker's ibasho is a link in the list under the map. "
        "Places close to each other overlap on a map that shows the whole city.",
    },
]

# The browser's own text size setting, as a visitor with low vision sets it. (The site's
# `:root` rule outweighs a plain `html` selector, hence !important.)
TEXT_200 = ":root { font-size: 200% !important; }"

RUN_AXE = """async ({tags, notViolations}) => {
    const exempt = (rule, node) => node.target.length === 1 && notViolations.some(
        (e) => e.rule === rule && document.querySelector(node.target[0])?.matches(e.selector));
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
        rule: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
        targets: v.nodes.filter((n) => !exempt(v.id, n)).map((n) => n.target.join(" ")),
    })).filter((v) => v.targets.length);
}"""

SCROLL_WIDTH = "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"


@dataclass
class Visit:
    path: str
    submit: str = ""  # a form to send empty, to check it shown again with its errors
    wait_for: str = ""  # what must be on the page before it is checked
    text_200: bool = False  # a key page: also checked with the text at 200 %
    status: int = 200


def my_page_token():
    """A private link's token: a volunteer's own page, as her mail gives it."""
    volunteer = Volunteer.objects.filter(email_confirmed_at__isnull=False).order_by("pk")[0]
    return issue_token(volunteer.person, volunteer_services.MY_PAGE)


def public_pages():
    """The pages a resident uses, in Japanese and in English, as the demo has them."""
    window = ConsultationWindow.objects.filter(locale__language_code="ja").order_by("pk")[0]
    token = my_page_token()
    # The map is an enhancement: without `make vendor` the list is checked alone.
    markers = ".leaflet-marker-icon" if leaflet_available() else ""
    drive = "/ja/food-drives/daredemo-shokudo-food-drive/"
    return [
        Visit("/ja/", text_200=True),
        Visit("/ja/news/"),
        Visit("/ja/news/kickoff-event/"),
        Visit("/ja/members/"),
        Visit("/ja/members/iiyama-shakyo/"),
        Visit("/ja/ibasho/", wait_for=markers, text_200=True),
        Visit("/ja/ibasho/tabunka-cafe/"),
        Visit("/ja/navigator/"),
        Visit(
            "/ja/navigator/?who=self&age=older&worry=cannot-sleep",
            wait_for="#help-heading",
            text_200=True,
        ),
        Visit("/ja/navigator/?worry=want-to-die", wait_for=".notice--urgent"),
        Visit(f"/ja/navigator/windows/{window.pk}/"),
        Visit("/ja/navigator/windows/", text_200=True),
        Visit("/ja/navigator/windows/?channel=phone&free=on&worry=cannot-sleep"),
        Visit("/ja/search/?q=食堂", wait_for=".search-results .card"),
        Visit("/ja/events/"),
        Visit("/ja/events/?view=calendar", text_200=True),
        Visit("/ja/events/symposium/", text_200=True),
        Visit("/ja/events/symposium/", submit=".registration form"),
        Visit("/ja/events/tsunagari-supporter-course/"),
        Visit("/ja/courses/supporters/"),
        Visit("/ja/food-drives/"),
        Visit(drive, text_200=True),
        Visit(drive, submit="main form.form"),
        Visit("/ja/volunteers/", text_200=True),
        Visit("/ja/volunteers/join/"),
        Visit("/ja/volunteers/join/", submit="main form.form"),
        Visit(f"/ja/volunteers/me/{token}/"),
        Visit(f"/ja/volunteers/me/{token}/shifts/", wait_for="main form button"),
        Visit("/ja/newsletter/", submit="main form.form"),
        Visit("/ja/privacy/"),
        Visit("/ja/no-such-page/", status=404),
        Visit("/en/", text_200=True),
        Visit("/en/news/"),
        Visit("/en/news/kickoff-event/"),
        Visit("/en/members/"),
        Visit("/en/ibasho/", wait_for=markers),
        Visit("/en/navigator/"),
        Visit("/en/navigator/?worry=cannot-sleep", wait_for="#help-heading"),
        Visit("/en/navigator/windows/"),
        Visit("/en/search/?q=cafe", wait_for=".search-results .card"),
        Visit("/en/events/symposium/"),
        Visit("/en/events/symposium/", submit=".registration form", text_200=True),
        Visit(drive.replace("/ja/", "/en/", 1)),
        Visit("/en/volunteers/"),
        Visit("/en/volunteers/join/"),
        Visit(f"/en/volunteers/me/{token}/"),
        Visit(f"/en/volunteers/me/{token}/shifts/", wait_for="main form button"),
        Visit("/en/privacy/"),
    ]


# The demo translates the home page and the navigator's worries into every language, and three
# windows and the symposium into やさしい日本語; the other pages below are not translated there,
# and show the Japanese page with a notice in the visitor's language (issue 20): checked too.


def key_pages(language):
    """The key pages in another language: home, news, an event and its form with errors, the
    ibasho, the navigator and its result, the windows, the shifts, a volunteer's own page and
    her shifts, and the food drive."""
    token = my_page_token()
    markers = ".leaflet-marker-icon" if leaflet_available() else ""
    visits = [
        Visit("/", text_200=True),
        Visit("/news/"),
        Visit("/news/kickoff-event/"),
        Visit("/events/symposium/", text_200=True),
        Visit("/events/symposium/", submit=".registration form"),
        Visit("/ibasho/", wait_for=markers),
        Visit("/navigator/"),
        Visit("/navigator/?who=self&age=older&worry=cannot-sleep", wait_for="#help-heading"),
        Visit("/navigator/windows/", text_200=True),
        Visit("/volunteers/"),
        Visit(f"/volunteers/me/{token}/"),
        Visit(f"/volunteers/me/{token}/shifts/", wait_for="main form button"),
        Visit("/food-drives/daredemo-shokudo-food-drive/", submit="main form.form"),
    ]
    for visit in visits:
        yield Visit(
            f"/{language}{visit.path}", visit.submit, visit.wait_for, visit.text_200, visit.status
        )


def trainer_pages():
    """A trainer's course and roster, used on a phone at the venue (after logging in)."""
    course = TrainingCourse.objects.filter(event__slug="tsunagari-supporter-course").first()
    session = course.event.sessions.order_by("starts_at", "pk").first()
    return [
        Visit(f"/ja/courses/{course.pk}/"),
        Visit(f"/ja/courses/{course.pk}/sessions/{session.pk}/", text_200=True),
    ]


def log_in(page, live_server, username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def page(browser):
    """A phone's browser that lets this test's own inline additions in (axe, the 200 % text
    style), which the site's Content-Security-Policy blocks: the site's pages themselves are
    checked against the policy by tests/production/test_public_pages.py, and the other
    browser tests run under it."""
    context = browser.new_context(
        locale="ja-JP", viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def check(page, live_server, visit):
    """What is wrong with one page, as lines of the report."""
    response = page.goto(live_server.url + visit.path)
    assert response.status == visit.status, f"{visit.path} answered {response.status}"
    label = visit.path
    if visit.submit:
        page.locator(visit.submit).locator("button[type=submit]").click()
        page.locator("#form-errors").wait_for()
        label += " (sent empty, with its errors)"
    if visit.wait_for:
        page.locator(visit.wait_for).first.wait_for()
    problems = []
    page.add_script_tag(path=str(AXE))
    for v in page.evaluate(RUN_AXE, {"tags": WCAG_22_AA, "notViolations": NOT_VIOLATIONS}):
        if v["impact"] in FAILING_IMPACTS:
            targets = ", ".join(v["targets"][:5])
            if len(v["targets"]) > 5:
                targets += f" and {len(v['targets']) - 5} more"
            problems.append(
                f"{label}: {v['rule']} ({v['impact']}) {v['help']}\n"
                f"    at {targets}\n    {v['url']}"
            )
    width = page.viewport_size["width"]
    scroll_width, client_width = page.evaluate(SCROLL_WIDTH)
    if scroll_width > client_width + 1:
        problems.append(f"{label}: scrolls sideways at {width}px ({scroll_width}px wide)")
    if visit.text_200:
        page.add_style_tag(content=TEXT_200)
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        scroll_width, client_width = page.evaluate(SCROLL_WIDTH)
        if scroll_width > client_width + 1:
            problems.append(
                f"{label}: scrolls sideways at {width}px with the text at 200 % "
                f"({scroll_width}px wide)"
            )
    return problems


@needs_axe
def test_the_pages_have_no_serious_axe_violations_and_reflow_on_a_phone(
    page, live_server, demo_site, settings
):
    # No request leaves the machine: the map's tiles point at a path of the test server.
    settings.TSUNAGU_MAP_TILES = live_server.url + "/static/no-tiles/{z}/{x}/{y}.png"
    assert page.viewport_size["width"] == 390

    elsewhere = requests_to_other_hosts(page, live_server)
    problems = []
    for visit in public_pages():
        problems += check(page, live_server, visit)
    log_in(page, live_server, "demo-trainer")
    for visit in trainer_pages():
        problems += check(page, live_server, visit)

    problems += [f"a request to another host: {url}" for url in elsewhere]
    assert not problems, "Accessibility problems:\n" + "\n".join(problems)


@needs_axe
def test_the_key_pages_in_easy_japanese_and_in_nepali_have_no_serious_axe_violations(
    page, live_server, demo_site, settings
):
    settings.TSUNAGU_MAP_TILES = live_server.url + "/static/no-tiles/{z}/{x}/{y}.png"
    elsewhere = requests_to_other_hosts(page, live_server)
    problems = []
    for language in ("ja-x-easy", "ne"):
        for visit in key_pages(language):
            problems += check(page, live_server, visit)
            assert page.locator("html").get_attribute("lang") == language, visit.path

    problems += [f"a request to another host: {url}" for url in elsewhere]
    assert not problems, "Accessibility problems:\n" + "\n".join(problems)


# Where the focus is: whether it is outlined, on the screen, and not hidden under something
# else (WCAG 2.4.7, 2.4.11): what is at the middle of its first line is the element itself.
FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const line = el.getClientRects()[0] || box;
    const hit = document.elementFromPoint(line.left + line.width / 2, line.top + line.height / 2);
    return {
        key: el.name || el.id || el.textContent.trim(),
        inForm: !!el.closest(".registration form"),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        inView: box.bottom > 0 && box.top < window.innerHeight && box.width > 0,
        covered: !hit || !(el.contains(hit) || [...(el.labels || [])].some((l) => l.contains(hit))),
        top: box.top + window.scrollY,
    };
}"""

# The registration form's stops for the Tab key, in document order: every field, link (the
# privacy notice's) and button, and a group of radio buttons once (Tab enters the group, the
# arrow keys move within it).
FORM_TAB_STOPS = """() => {
    const seen = new Set();
    const stops = ".registration form :is(input, select, textarea, button, a[href])";
    return [...document.querySelectorAll(stops)]
        .filter((el) => el.type !== "hidden" && !el.disabled && el.tabIndex >= 0)
        .filter((el) => el.type !== "radio" || (!seen.has(el.name) && seen.add(el.name)))
        .map((el) => el.name || el.id || el.textContent.trim());
}"""


def tab(page):
    page.keyboard.press("Tab")
    stop = page.evaluate(FOCUSED)
    assert stop["outline"], f"the focus on {stop['key']!r} is not visible"
    assert stop["inView"], f"{stop['key']!r} has the focus but is off the screen"
    assert not stop["covered"], f"{stop['key']!r} has the focus but is hidden under something"
    return stop


def tab_to(page, name):
    for _ in range(100):
        if tab(page)["key"] == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_a_keyboard_user_skips_to_the_content_and_goes_through_the_registration_form_in_order(
    page, live_server, demo_site
):
    page.goto(live_server.url + "/ja/events/symposium/")
    assert tab(page)["key"] == "本文へスキップ"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    expected = page.evaluate(FORM_TAB_STOPS)
    assert expected[:3] == ["name", "name_kana", "email"] and "consent" in expected
    stops = []
    for _ in range(100):
        stop = tab(page)
        if stop["inForm"]:
            stops.append(stop)
        elif stops:
            break
    assert [stop["key"] for stop in stops] == expected
    # The order of the Tab key is the order on the screen, top to bottom.
    tops = [stop["top"] for stop in stops]
    assert tops == sorted(tops)

    # And without a mouse, she registers.
    page.goto(live_server.url + "/ja/events/symposium/")
    tab_to(page, "name")
    page.keyboard.type("飯山 花子")
    tab_to(page, "email")
    page.keyboard.type("hanako@example.jp")
    tab_to(page, "consent")
    page.keyboard.press("Space")
    tab_to(page, expected[-1])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/registered/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "お申込みありがとうございます"


def test_a_trainer_tabbing_down_a_long_roster_never_has_the_focus_under_the_save_buttons(
    page, live_server
):
    default_locale()  # transactional tests flush the locale the migrations made
    supporter = Qualification.objects.create(
        platform=default_platform(),
        name="つながりサポーター",
        slug="tsunagari-supporter",
        validity_years=3,
    )
    course = make_course(supporter, sessions=1)
    trainer("koshi", course)
    for n in range(8):
        person = Person.objects.create(
            platform=default_platform(), name=f"受講者 {n}", email=f"p{n}@example.jp"
        )
        courses.enrol(course, person)
    session = course.event.sessions.get()
    log_in(page, live_server, "koshi")

    page.goto(live_server.url + f"/ja/courses/{course.pk}/sessions/{session.pk}/")
    # The save buttons stick to the bottom of a phone's screen (not with large text, where a
    # media query in em lets them scroll with the page; a style sheet cannot set that size).
    assert page.locator(".roster__actions").evaluate("e => getComputedStyle(e).position") == (
        "sticky"
    )
    tab_to(page, "all")  # every mark and note on the way, then the last button
