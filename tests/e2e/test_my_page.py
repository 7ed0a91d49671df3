"""A resident who lost their mail finds their registration again from the footer, without
JavaScript, and cancels it after the confirmation step."""

import re

import pytest
from django.core import mail
from django.utils.translation import gettext
from playwright.sync_api import expect

from events import services
from events.capacity import Status
from events.models import Registration
from tests.events.conftest import make_event

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(
        locale="ja-JP", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_resident_asks_for_my_page_and_cancels_there_without_javascript(no_js_page, live_server):
    page = no_js_page
    event = make_event("つながりシンポジウム")
    services.register(
        event, quota=event.quotas.first(), name="飯山 花子", email="hanako@example.jp"
    )
    mail.outbox.clear()

    page.goto(live_server.url + event.url)
    page.get_by_role("link", name=gettext("Check my sign-ups (my page)")).click()
    page.get_by_label(re.compile(gettext("E-mail address you signed up with"))).fill(
        "ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ"
    )
    page.get_by_role("button", name=gettext("Send me the link")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(gettext("Check your e-mail"))

    (message,) = mail.outbox
    link = re.search(r"http://\S+/my/\S+/", message.body).group(0)
    page.goto(live_server.url + link.split("testserver", 1)[1])
    expect(page.get_by_role("heading", level=1)).to_have_text(gettext("My page"))
    expect(page.get_by_role("heading", name="つながりシンポジウム")).to_be_visible()
    # What the registration allows is a row of links and buttons, without list bullets
    # (hollow circles showed beside the buttons on a phone).
    actions = page.locator(".my-page__actions").first
    assert actions.evaluate("e => getComputedStyle(e).listStyleType") == "none"

    page.get_by_role("link", name=gettext("Cancel my registration")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        gettext("Do you really want to cancel?")
    )
    assert Registration.objects.get().status == Status.CONFIRMED  # asking changed nothing
    page.get_by_role("button", name=gettext("Yes, cancel my registration")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(gettext("My page"))
    notice = gettext("Your registration is cancelled.")
    assert notice in page.get_by_role("status").first.inner_text()
    assert Registration.objects.get().status == Status.CANCELLED
