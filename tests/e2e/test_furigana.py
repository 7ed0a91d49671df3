"""Furigana in Chromium: the visitor hides and shows them with JavaScript off and on; the editor
gets readings suggested in the rich text editor and saves them as ruby."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from cms.home.models import HomePage, StandardPage
from cms.home.services import ensure_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [False, True], ids=["without JavaScript", "with JavaScript"])
def test_a_visitor_hides_and_shows_the_furigana(browser, live_server, javascript):
    page_ = StandardPage(title="｜相談窓口《そうだんまどぐち》", slug="windows", summary="")
    ensure_site().add_child(instance=page_)
    page_.save_revision().publish()
    context = browser.new_context(
        locale="ja-JP", viewport={"width": 390, "height": 844}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + page_.url)
        reading = page.locator("h1 rt")
        expect(reading).to_be_visible()
        page.get_by_role("button", name="ふりがなを消す").click()
        page.wait_for_url(live_server.url + page_.url)
        expect(reading).to_be_hidden()
        expect(page.locator("h1")).to_have_text("相談窓口", use_inner_text=True)
        page.reload()  # remembered
        expect(reading).to_be_hidden()
        page.get_by_role("button", name="ふりがなを表示する").click()
        expect(reading).to_be_visible()
    finally:
        context.close()


def test_an_editor_accepts_suggested_readings_and_corrects_one(browser, live_server):
    home = ensure_site()
    user = get_user_model().objects.create_superuser("editor", "editor@example.jp", "pw")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/admin/pages/{home.pk}/edit/")
        editor = page.locator("[data-draftail-editor-wrapper]").first.locator(
            "[contenteditable=true]"
        )
        editor.click()
        editor.type("相談できる窓口")
        # Readings for every word selected.
        editor.press("Control+a")
        page.get_by_role(
            "button", name="選んだ範囲（選ばなければ全文）の言葉にふりがなを提案"
        ).click()
        expect(page.locator(".tsunagu-ruby")).to_have_count(2)
        # A word selected: its reading asked for, the current one filled in, corrected.
        page.once("dialog", lambda dialog: dialog.accept("そーだん"))
        page.locator(".tsunagu-ruby").first.click()
        page.get_by_role("button", name="Edit", exact=True).click()  # Wagtail says it in English
        expect(page.locator(".tsunagu-ruby[data-reading='そーだん']")).to_have_count(1)
        # The title, a plain field, gets the markup of plain fields.
        page.locator("#id_title").fill("相談窓口")
        page.get_by_role("button", name="ふりがなを提案", exact=True).first.click()
        expect(page.locator("#id_title")).to_have_value("｜相談《そうだん》｜窓口《まどぐち》")
        # Draftail writes the field's value a moment after the last change.
        expect(page.locator("input[name=intro]")).to_have_value(re.compile("そーだん"))
        page.get_by_role("button", name="下書きを保存").click()
        expect(page.get_by_text("の更新が完了しました")).to_be_visible()
    finally:
        context.close()
    intro = HomePage.objects.get(pk=home.pk).get_latest_revision_as_object().intro
    assert HomePage.objects.get(pk=home.pk).get_latest_revision_as_object().title == (
        "｜相談《そうだん》｜窓口《まどぐち》"
    )
    assert re.sub(r' data-block-key="\w+"', "", intro) == (
        "<p><ruby>相談<rt>そーだん</rt></ruby>できる<ruby>窓口<rt>まどぐち</rt></ruby></p>"
    )
