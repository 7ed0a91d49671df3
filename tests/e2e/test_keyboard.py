"""Keyboard only: a resident who uses no mouse or touch screen completes each public flow with
Tab, Shift+Tab, Enter and Space (and the arrow keys inside a group of radio buttons, as the
browser asks), and sees where the focus is at every stop (WCAG 2.1.1, 2.4.7, 2.4.11).

Registering for an event this way is in test_accessibility.py (with the order of the stops);
here are pledging food, signing up for a volunteer shift, the navigator and the search."""

import re
from datetime import timedelta

import pytest
from django.utils.translation import gettext
from playwright.sync_api import expect

from cms.people.services import issue_token
from events.fooddrives.models import Pledge
from tests.e2e.test_accessibility import tab
from tests.fooddrives.conftest import make_drive
from volunteers import services as volunteer_services
from volunteers.models import Volunteer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

IS_FOCUSED = "el => el === document.activeElement"


def tab_to(page, target, backwards=False):
    """Tab (or Shift+Tab) until `target` (a locator) has the focus, checking every stop."""
    for _ in range(150):
        if backwards:
            page.keyboard.press("Shift+Tab")
        else:
            tab(page)
        if target.evaluate(IS_FOCUSED):
            return
    raise AssertionError(f"the keyboard never reached {target}")


def test_pledging_food_by_keyboard(page, live_server):
    drive = make_drive()
    day = drive.collection_starts_on + timedelta(days=2)
    page.goto(live_server.url + drive.url)
    rice = gettext("%(item)s (%(unit)s)") % {"item": "お米", "unit": "kg"}
    tab_to(page, page.get_by_label(rice))
    page.keyboard.type("5")
    point = page.get_by_label(re.compile("飯山市社会福祉協議会"))
    tab_to(page, point)
    page.keyboard.press("Space")
    expect(point).to_be_checked()
    day_field = page.get_by_label(gettext("Drop-off day"))
    tab_to(page, day_field)
    # The parts of the date in the order Chromium shows them (in its own interface language,
    # en-US here, whatever the page's): month, day, year, each moving on to the next.
    page.keyboard.type(day.strftime("%m%d%Y"))
    assert day_field.input_value() == day.isoformat()
    tab_to(page, page.get_by_label("お名前"))
    page.keyboard.type("飯山 花子")
    tab_to(page, page.get_by_label(re.compile("メール")))
    page.keyboard.type("hanako@example.jp")
    # Back up one field to check the name with Shift+Tab, then on again.
    tab_to(page, page.get_by_label("お名前"), backwards=True)
    assert page.get_by_label("お名前").input_value() == "飯山 花子"
    tab_to(page, page.get_by_label("個人情報の取り扱いに同意します。"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name=gettext("Pledge this food")))
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/pledged/$"))
    assert page.get_by_role("heading", level=1).inner_text() == gettext("Thank you for your pledge")
    assert Pledge.objects.count() == 1


def test_signing_up_for_a_shift_by_keyboard(page, live_server, demo_site):
    volunteer = Volunteer.objects.filter(email_confirmed_at__isnull=False).order_by("pk")[0]
    token = issue_token(volunteer.person, volunteer_services.MY_PAGE)
    page.goto(live_server.url + f"/ja/volunteers/me/{token}/shifts/")
    sign_up = page.locator("main .shift-list").get_by_role("button", name=re.compile("^申し込む"))
    tab_to(page, sign_up.first)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("申込みが完了しました")


def test_the_navigator_by_keyboard(page, live_server, demo_site):
    page.goto(live_server.url + "/ja/navigator/")
    myself = page.get_by_label("自分", exact=True)
    tab_to(page, myself)  # the group's first radio button
    page.keyboard.press("Space")
    expect(myself).to_be_checked()
    worry = page.get_by_label("眠れない", exact=True)
    tab_to(page, worry)
    page.keyboard.press("Space")
    expect(worry).to_be_checked()
    tab_to(page, page.get_by_role("button", name="相談先を表示する"))
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"worry=cannot-sleep"))
    expect(page.get_by_role("heading", name="相談できるところ")).to_be_visible()


def test_searching_by_keyboard(page, live_server, demo_site):
    page.goto(live_server.url + "/ja/search/")
    tab_to(page, page.get_by_label("さがす言葉"))
    page.keyboard.type("食堂")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/ja/search/\?q="))
    found = page.locator(".search-results .card").first.get_by_role("link")
    title = found.inner_text()
    tab_to(page, found)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/search/" not in url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
