"""Phone first and forms that help, as the server answers (issue 20): the 文字サイズ control
and the page cache, the 「電話する」 button, phone fields, the error summary the page opens at,
and the consent box's link to the privacy notice. The browser's side: tests/e2e/test_phone_first.py."""

import importlib

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from cms.core import preferences
from cms.core.pagecache import HEADER
from cms.home.models import StandardPage
from cms.home.services import ensure_site
from tests.pagecache import warm

URL = "/ja/_preferences/text-size/"
# The form's address before text size joined the display preferences: pages cached then post here.
OLD_URL = "/text-size"
COOKIE = preferences.PREFERENCES["text-size"].cookie


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def html_class(response):
    """The text size's class on <html> (the other display preferences name theirs beside it)."""
    return [c for c in soup_of(response).html.get("class", []) if c.startswith("text-")]


# 文字サイズ


def test_choosing_a_size_remembers_it_and_goes_back_to_the_page(client, db):
    response = client.post(URL, {"value": "x-large", "next": "/ja/events/?view=calendar"})
    assert response.status_code == 303
    assert response["Location"] == "/ja/events/?view=calendar"
    cookie = response.cookies[COOKIE]
    assert COOKIE == "tsunagu_text_size"
    assert cookie.value == "x-large"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax" and cookie["httponly"]


def test_the_old_address_still_sets_the_size(client, db):
    response = client.post(OLD_URL, {"size": "large", "next": "/ja/events/"})
    assert response.status_code == 303
    assert response["Location"] == "/ja/events/"
    assert response.cookies[COOKIE].value == "large"
    assert client.post(OLD_URL, {"size": "huge", "next": "/ja/"}).status_code == 400


def test_the_standard_size_forgets_the_choice_and_an_unknown_one_is_refused(client, db):
    client.cookies[COOKIE] = "large"
    response = client.post(URL, {"value": "standard", "next": "/ja/"})
    assert response.cookies[COOKIE].value == ""
    assert response.cookies[COOKIE]["max-age"] == 0
    client.cookies[COOKIE] = "large"
    refused = client.post(URL, {"value": "huge", "next": "/ja/"})
    assert refused.status_code == 400
    assert COOKIE not in refused.cookies


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/ja/", "javascript:alert(1)", ""]
)
def test_it_never_sends_the_visitor_to_another_site(client, db, target):
    response = client.post(URL, {"value": "large", "next": target})
    assert response["Location"] == "/ja/"


def test_a_get_changes_nothing_and_other_sites_cannot_post(client, db):
    for url in (URL, OLD_URL):
        response = client.get(url, {"value": "large", "size": "large", "next": "/ja/"})
        assert response.status_code == 405
        assert COOKIE not in response.cookies
        refused = client.post(
            url, {"value": "large", "size": "large"}, HTTP_SEC_FETCH_SITE="cross-site"
        )
        assert refused.status_code == 403
        refused = client.post(
            url, {"value": "large", "size": "large"}, HTTP_ORIGIN="https://evil.example"
        )
        assert refused.status_code == 403


def test_a_page_that_sends_no_referrer_can_still_change_the_size(client, db):
    """The navigator's pages say `Referrer-Policy: no-referrer`: Chromium then sends
    `Origin: null` with a same-origin POST, and Sec-Fetch-Site is what tells."""
    response = client.post(
        URL,
        {"value": "large", "next": "/ja/navigator/"},
        HTTP_ORIGIN="null",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 303
    assert response.cookies[COOKIE].value == "large"


def make_page():
    page = StandardPage(title="居場所のご案内", slug="guide", summary="地域の居場所")
    ensure_site().add_child(instance=page)
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


def test_every_page_names_the_size_on_html_and_offers_the_three_buttons(client, db):
    page = make_page()
    assert html_class(client.get(page.url)) == []
    client.cookies[COOKIE] = "large"
    response = client.get(page.url)
    assert html_class(response) == ["text-large"]
    form = soup_of(response).find("form", class_="preference--text-size")
    assert form["method"] == "post" and form["action"] == URL
    assert form.find("input", attrs={"name": "next"})["value"] == page.url
    buttons = {b["value"]: (b.get_text(), b["aria-pressed"]) for b in form.find_all("button")}
    assert buttons == {
        "standard": ("標準", "false"),
        "large": ("大", "true"),
        "x-large": ("特大", "false"),
    }
    client.cookies[COOKIE] = "<script>"
    assert html_class(client.get(page.url)) == []


def test_the_page_cache_keeps_one_copy_per_size_and_never_serves_another_visitors(client, db):
    page = make_page()
    standard = warm(client, page.url)
    assert html_class(standard) == []

    client.cookies[COOKIE] = "x-large"
    first = client.get(page.url)
    assert first[HEADER] == "miss" and html_class(first) == ["text-x-large"]
    again = client.get(page.url)
    assert again[HEADER] == "hit" and html_class(again) == ["text-x-large"]

    client.cookies[COOKIE] = "standard"
    back = client.get(page.url)
    assert back[HEADER] == "hit" and html_class(back) == []
    del client.cookies[COOKIE]
    assert html_class(client.get(page.url)) == []


def test_pages_vary_on_the_preference_cookies_and_stay_in_the_page_cache(client, db):
    """A proxy or CDN keeping HTML must keep one copy per choice (Vary: Cookie), and the page
    cache still serves its stored copy, with the header, to anonymous visitors."""
    page = make_page()
    first = client.get(page.url)
    assert first[HEADER] == "miss"
    assert "Cookie" in [v.strip() for v in first["Vary"].split(",")]
    again = client.get(page.url)
    assert again[HEADER] == "hit"
    assert "Cookie" in [v.strip() for v in again["Vary"].split(",")]
    client.cookies[COOKIE] = "large"
    assert client.get(page.url)[HEADER] == "miss"
    larger = client.get(page.url)
    assert larger[HEADER] == "hit" and html_class(larger) == ["text-large"]
    assert "Cookie" in larger["Vary"]


# 「電話する」


def call(**context):
    with translation.override("ja"):
        html = render_to_string("core/includes/call_button.html", context)
    return BeautifulSoup(html, "html.parser")


def test_a_number_is_a_large_call_button_with_the_number_and_the_hours():
    soup = call(text="0120-279-338（24時間）", tel="0120279338", hours="平日 9:00〜17:00")
    button = soup.find("a", class_="call__button")
    assert button["href"] == "tel:0120279338"
    assert button.get_text(" ", strip=True) == "電話する 0120-279-338（24時間）"
    assert soup.find(class_="call__hours").get_text() == "平日 9:00〜17:00"
    assert call(text="#9999", tel="#9999", all_day=True).find(class_="call__hours").get_text() == (
        "24時間"
    )


def test_a_line_without_a_number_to_dial_is_shown_as_text():
    soup = call(text="LINE: @yorisoi", tel="")
    assert soup.find("a") is None
    assert soup.get_text(strip=True) == "LINE: @yorisoi"


@pytest.mark.parametrize(
    "url",
    [
        "/ja/",
        "/ja/navigator/windows/",
        "/ja/navigator/?who=self&worry=cannot-sleep",
        "/en/navigator/windows/",
    ],
)
def test_helplines_are_shown_with_the_call_button_wherever_residents_see_them(
    client, shared_demo, url
):
    main = soup_of(client.get(url)).find("main")
    links = main.select('a[href^="tel:"]')
    assert links
    for link in links:
        assert "call__button" in link["class"], link
        assert link.find(class_="call__number").get_text(strip=True)


def test_a_window_page_has_the_button_and_the_secretariat_in_the_footer_too(client, shared_demo):
    from cms.directory.windows.models import ConsultationWindow

    window = ConsultationWindow.objects.filter(locale__language_code="ja").exclude(
        phone_numbers=""
    )[0]
    soup = soup_of(client.get(f"/ja/navigator/windows/{window.pk}/"))
    assert soup.find("main").select("a.call__button[href^='tel:']")
    assert soup.find("footer").select("a.call__button[href^='tel:']")


# Phone fields


def public_form_classes():
    """Every form class declared in a forms module of the project's apps."""
    modules = []
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)):
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.forms"))
        except ModuleNotFoundError:
            continue
    names = {module.__name__ for module in modules}

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return {cls for cls in walk(forms.BaseForm) if cls.__module__ in names}


def test_every_phone_field_of_every_form_asks_for_a_phone_number():
    phone_fields = [
        (cls.__name__, name, field)
        for cls in public_form_classes()
        for name, field in cls.base_fields.items()
        if name == "phone" or name.endswith("_phone")
    ]
    owners = {owner for owner, _name, _field in phone_fields}
    assert {"RegistrationForm", "PledgeForm", "VolunteerForm"} <= owners
    for owner, name, field in phone_fields:
        attrs = field.widget.get_context(name, "", {})["widget"]
        assert attrs["type"] == "tel", (owner, name)
        assert attrs["attrs"]["autocomplete"] == "tel", (owner, name)
        assert attrs["attrs"]["inputmode"] == "tel", (owner, name)


# The error summary, the consent box, and what was typed

FORMS = [
    "/ja/volunteers/join/",
    "/ja/volunteers/link/",
    "/ja/newsletter/",
    "/ja/members/apply/",
    "/ja/events/symposium/",
    "/ja/food-drives/daredemo-shokudo-food-drive/",
]


@pytest.mark.parametrize("url", FORMS)
def test_every_public_form_opens_at_its_error_summary(client, shared_demo, url):
    form = soup_of(client.get(url)).find("main").find("form", class_="form", method="post")
    assert form.find(id="form-errors") is None
    target = form.get("action") or url
    assert "#" not in target  # a redirect after success would carry it to the next page

    sent = soup_of(client.post(target, {"website": ""}))
    summary = sent.find(id="form-errors")
    assert summary["role"] == "alert" and summary["tabindex"] == "-1"
    assert summary.has_attr("autofocus")
    assert summary.find("a", href=True)  # each error links to its field
    assert len(sent.select("[autofocus]")) == 1


@pytest.mark.parametrize("url", [u for u in FORMS if "link" not in u])
def test_the_consent_box_links_the_privacy_notice_in_a_new_tab(client, shared_demo, url):
    main = soup_of(client.get(url)).find("main")
    link = main.find("a", href="/ja/privacy/")
    assert link["target"] == "_blank" and "noopener" in link["rel"]
    assert "（新しいタブで開きます）" in link.get_text()
    box = main.find("input", attrs={"name": ["consent", "agree"]})
    assert box.find_parent(class_="form__field") is link.find_parent(class_="form__field")


def test_the_required_marker_never_breaks_inside_and_nothing_typed_is_lost(client, shared_demo):
    typed = {"name": "飯山 花子", "name_kana": "いいやま はなこ", "phone": "090-1234"}
    soup = soup_of(client.post("/ja/volunteers/join/", typed))
    assert soup.find(id="form-errors")
    for name, value in typed.items():
        assert soup.find("input", attrs={"name": name})["value"] == value
    phone = soup.find("input", attrs={"name": "phone"})
    assert phone["type"] == "tel"
    css = (settings.BASE_DIR / "cms/core/static/tsunagu/css/site.css").read_text()
    rule = css.split(".required {", 1)[1].split("}", 1)[0]
    assert "white-space: nowrap" in rule and "word-break: keep-all" in rule
