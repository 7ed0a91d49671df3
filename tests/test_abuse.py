"""Abuse: every public form and every button outside the admin is rate limited per client
address, counted in the cache; over the limit the answer is 429 in the visitor's language,
with the form and what was typed; a honeypot on every public form drops what robots send;
repeated failed admin logins lock one user name out from one address (django-axes)."""

import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import get_page_models

from cms.core.honeypot import HONEYPOT
from cms.core.ratelimit import client_ip, parse_rate
from tests.system.stack import find_form

MARKER = "abuse-marker"
EVERYTHING_LIMITED = dict.fromkeys(("form", "mail", "action", "login", "password_reset"), "0/m")


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def limit(settings, **rates):
    settings.RATELIMITS = {**settings.RATELIMITS, **rates}


# -- Which addresses take a POST --------------------------------------------------------------

SAMPLES = {"int": "1", "uuid": "00000000-0000-4000-8000-000000000000", "path": "x"}
CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")


def public_post_addresses(patterns=None, prefix=""):
    """Every URL pattern outside the admin, its arguments filled with sample values, and the
    view that answers it. Wagtail's page serving (a pattern by regex) is left to the test of
    page routes."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry.pattern, LocalePrefixPattern):
            part = entry.pattern.language_prefix
        elif isinstance(entry.pattern, RoutePattern):
            part = CONVERTER.sub(lambda m: SAMPLES.get(m[1], "x"), str(entry.pattern))
        else:
            continue
        address = prefix + part
        if address.startswith("admin/"):
            continue
        if isinstance(entry, URLResolver):
            yield from public_post_addresses(entry.url_patterns, address)
        elif isinstance(entry, URLPattern):
            yield "/" + address, entry.callback


# Views that answer a POST as they answer a GET (feeds, lists, private pages that only show).
READ_VIEWS = {
    "events.feeds.site_calendar",
    "events.private_feeds.registrant_calendar",
    "events.feeds.organisation_calendar",
    "cms.navigator.views.navigator",
    "cms.navigator.views.window",
    "cms.navigator.views.handbook",
    "cms.search.views.search_view",
    "cms.news.views.sent",
    "volunteers.views.shift_list",
    "volunteers.views.joined",
    "volunteers.views.my_page",
    "volunteers.views.my_shifts",
    "volunteers.views.hours_certificate",
    "volunteers.feeds.my_calendar",
    "volunteers.feeds.shifts_calendar",
    "volunteers.views.kiosk",
    # a document, served as Wagtail serves it (its password form is limited as a login)
    "cms.core.documents.serve",
}


def test_every_address_outside_the_admin_that_takes_a_post_is_rate_limited(client, db, settings):
    """With every limit at zero, a POST anywhere outside the admin is either refused as a
    method the address does not take (405), sent to log in (a staff page), or answered 429. An
    address that does anything else with a POST is a form without a limit."""
    limit(settings, **EVERYTHING_LIMITED)
    addresses = list(public_post_addresses())
    assert len(addresses) > 40
    unlimited = []
    for address, _callback in addresses:
        callback = resolve(address).func  # the pattern that answers, where two have one address
        if f"{callback.__module__}.{callback.__name__}" in READ_VIEWS:
            continue
        response = client.post(address, {"email": f"{MARKER}@example.jp"})
        login = response.status_code == 302 and "login" in response.get("Location", "")
        if response.status_code == 405 or login:
            continue
        # A view may still answer 404 for the sample arguments (a token that opens nothing):
        # it says by its mark which limit it is under.
        if response.status_code != 429 and not hasattr(callback, "rate_limit_group"):
            unlimited.append((address, response.status_code))
    assert unlimited == [], "\n".join(map(str, unlimited))


# Every route of every routable page type, as "Model.route": the forms, which the tests below
# prove limited on the demo site, and the reads, which take no POST that changes anything.
FORM_ROUTES = {
    "EventPage.index_route",
    "FoodDrivePage.index_route",
    "MemberOrganisationIndexPage.apply",
}
READ_ROUTES = {
    "EventIndexPage.index_route",
    "EventIndexPage.calendar",
    "EventPage.registered",
    "EventPage.flyer",
    "EventPage.calendar",
    "FoodDrivePage.pledged",
    "MemberOrganisationIndexPage.index_route",
    "MemberOrganisationIndexPage.listing",
    "NewsIndexPage.listing",
    "MemberOrganisationIndexPage.application_sent",
    "IbashoIndexPage.index_route",
    "IbashoIndexPage.geojson",
    "IbashoPage.index_route",
    "IbashoPage.calendar",
    "NewsIndexPage.index_route",
    "NewsIndexPage.rss",
    "NewsIndexPage.atom",
    "NewsIndexPage.category_rss",
    "NewsIndexPage.category_atom",
}


def test_every_page_route_is_a_limited_form_or_a_read(db):
    routes = set()
    for model in get_page_models():
        if issubclass(model, RoutablePageMixin):
            for pattern in model.get_subpage_urls():
                routes.add(f"{model.__name__}.{pattern.callback.__name__}")
    assert routes - FORM_ROUTES - READ_ROUTES == set(), "classify the new routes above"


# -- 429 with the form and what was typed ---------------------------------------------------


def _page_of(model_path, with_form=True):
    from django.apps import apps

    model = apps.get_model(model_path)
    for page in model.objects.live().filter(locale__language_code="ja").specific():
        if not with_form:
            return page.url
        if f'name="{HONEYPOT}"' in Client().get(page.url).text:
            return page.url
    raise AssertionError(f"no {model_path} with an open form in the demo")


def public_forms():
    """(what, address of the page with the form, its address to post to)."""
    members = _page_of("directory.MemberOrganisationIndexPage", with_form=False) + "apply/"
    return [
        ("event registration", _page_of("events.EventPage")),
        ("food pledge", _page_of("fooddrives.FoodDrivePage")),
        ("membership application", members),
        ("newsletter", reverse("newsletter_subscribe")),
        ("volunteer sign-up", reverse("volunteers:join")),
        ("send me a new link", reverse("volunteers:request_link")),
    ]


def _typed(form):
    """The form's values, with the marker typed into its free-text fields."""
    data = {name: value for name, value in form["fields"].items() if value is not None}
    for name in ("name", "organisation_name", "contact_name", "email", "contact_email"):
        if name in form["fields"]:
            data[name] = f"{MARKER}@example.jp" if "email" in name else MARKER
    return data


def test_every_public_form_over_its_limit_answers_429_with_what_was_typed(
    client, shared_demo, settings
):
    from cms.news.models import NewsletterSubscription
    from events.models import Registration

    before = (Registration.objects.count(), NewsletterSubscription.objects.count())
    limit(settings, **EVERYTHING_LIMITED)
    forms = public_forms()
    assert len(forms) == 6
    for what, address in forms:
        form = find_form(client.get(address).text, HONEYPOT)
        response = client.post(form["action"] or address, _typed(form))
        assert response.status_code == 429, what
        assert int(response["Retry-After"]) > 0, what
        assert MARKER in response.text, f"{what}: what was typed is lost"
        assert "送信回数が多すぎます" in response.text, what
        assert '<main id="main"' in response.text, what
    assert (Registration.objects.count(), NewsletterSubscription.objects.count()) == before


@pytest.mark.parametrize(
    "language, message",
    [("ja", "送信回数が多すぎます"), ("en", "sent too many times from your connection")],
)
def test_the_429_is_in_the_visitors_language(client, db, settings, language, message):
    limit(settings, form="1/h")
    address = f"/{language}/newsletter/"
    data = {"email": f"{MARKER}@example.jp", "agree": "on"}
    assert client.post(address, data).status_code == 302
    response = client.post(address, data)
    assert response.status_code == 429
    assert f'<html lang="{language}" ' in response.text
    assert message in response.text
    assert f'value="{MARKER}@example.jp"' in response.text
    assert 0 < int(response["Retry-After"]) <= 3600


def test_a_button_over_its_limit_answers_the_429_page_and_does_nothing(client, db, settings):
    limit(settings, action="0/m")
    response = client.post("/en/newsletter/unsubscribe/not-a-token/")
    assert response.status_code == 429
    assert "Too many requests" in response.text
    assert '<html lang="en" ' in response.text
    assert "Retry-After" in response


def test_the_count_is_shared_by_every_client_from_one_address(db, settings):
    """Two browsers (or two application servers, through the cache) from one address share
    one count; another address has its own."""
    limit(settings, form="2/h")
    data = {"email": "someone@example.jp", "agree": "on"}
    first, second = Client(REMOTE_ADDR="203.0.113.5"), Client(REMOTE_ADDR="203.0.113.5")
    assert first.post("/ja/newsletter/", data).status_code == 302
    assert second.post("/ja/newsletter/", data).status_code == 302
    assert first.post("/ja/newsletter/", data).status_code == 429
    assert second.post("/ja/newsletter/", data).status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.6").post("/ja/newsletter/", data).status_code == 302
    # Reading is never limited.
    assert first.get("/ja/newsletter/").status_code == 200


def test_one_ipv6_subscriber_is_one_address(db, settings):
    limit(settings, form="1/h")
    data = {"email": "someone@example.jp", "agree": "on"}
    assert Client(REMOTE_ADDR="2001:db8::1").post("/ja/newsletter/", data).status_code == 302
    assert Client(REMOTE_ADDR="2001:db8::2").post("/ja/newsletter/", data).status_code == 429


def test_x_forwarded_for_counts_only_behind_trusted_proxies(settings):
    request = RequestFactory().post(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "198.51.100.1"
    settings.TRUSTED_PROXY_COUNT = 1
    garbage = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="<x>")
    assert client_ip(garbage) == "127.0.0.1"


def test_a_client_cannot_escape_its_count_by_forging_x_forwarded_for(db, settings):
    limit(settings, form="1/h")
    settings.TRUSTED_PROXY_COUNT = 1
    data = {"email": "someone@example.jp", "agree": "on"}
    # nginx appends the address it saw; whatever the client wrote stays on the left.
    forged = [f"10.0.0.{n}, 203.0.113.9" for n in range(3)]
    answers = [
        Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=header)
        .post("/ja/newsletter/", data)
        .status_code
        for header in forged
    ]
    assert answers == [302, 429, 429]


def test_rates_are_checked():
    assert parse_rate("20/10m") == (20, 600)
    assert parse_rate("5/h") == (5, 3600)
    with pytest.raises(ValueError):
        parse_rate("twenty a minute")


# -- The honeypot -----------------------------------------------------------------------------


def test_the_honeypot_is_hidden_from_people_and_left_out_of_the_tab_order(client, db):
    html = client.get("/ja/newsletter/").text
    field = re.search(r'<div class="visually-hidden" aria-hidden="true">.*?</div>', html, re.S)
    assert field is not None
    assert f'name="{HONEYPOT}"' in field[0]
    assert 'tabindex="-1"' in field[0]
    assert 'autocomplete="off"' in field[0]
    assert "この欄には何も入力しないでください" in field[0]


def test_a_filled_honeypot_records_nothing_and_logs_no_personal_data(client, db, caplog):
    from cms.news.models import NewsletterSubscription

    data = {"email": f"{MARKER}@example.jp", "agree": "on", HONEYPOT: "https://spam.example"}
    with caplog.at_level(logging.INFO, logger="tsunagu.abuse"):
        response = client.post("/ja/newsletter/", data)
    assert response.status_code == 200
    assert NewsletterSubscription.objects.count() == 0
    assert "送信できませんでした" in response.text
    assert f'value="{MARKER}@example.jp"' in response.text
    # The trap comes back empty: a person whose browser filled it sends the form again as it is.
    assert "spam.example" not in response.text
    assert "SubscribeForm" in caplog.text
    assert MARKER not in caplog.text and "spam.example" not in caplog.text
    data.pop(HONEYPOT)
    assert client.post("/ja/newsletter/", data).status_code == 302
    assert NewsletterSubscription.objects.count() == 1


def test_staff_forms_have_no_honeypot(db):
    from cms.core.forms import ContactForm

    assert HONEYPOT in ContactForm().fields
    assert HONEYPOT not in ContactForm(staff=True).fields


# -- The admin's login ------------------------------------------------------------------------


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user(
        "tanaka", "tanaka@example.jp", "correct horse battery", is_staff=True
    )


def _login(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_failed_logins_lock_out_one_user_name_from_one_address(staff, settings, caplog):
    settings.AXES_FAILURE_LIMIT = 3
    office = Client(REMOTE_ADDR="203.0.113.20")
    with caplog.at_level(logging.INFO):
        for _ in range(2):
            assert _login(office, "tanaka", "wrong").status_code == 200
        assert _login(office, "tanaka", "wrong").status_code == 429
    assert "AXES" in caplog.text
    assert "tanaka" not in caplog.text and "203.0.113.20" not in caplog.text
    locked = _login(office, "tanaka", "correct horse battery")
    assert locked.status_code == 429
    assert "ログインがロックされました" in locked.text
    assert int(locked["Retry-After"]) > 0
    # A colleague in the same office, and the same person from elsewhere, are not locked out.
    get_user_model().objects.create_user("suzuki", "", "another good password", is_staff=True)
    assert _login(office, "suzuki", "another good password").status_code == 302
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert _login(elsewhere, "tanaka", "correct horse battery").status_code == 302
    # The administrator lifts the lockout.
    call_command("axes_reset_ip_username", "203.0.113.20", "tanaka", stdout=None)
    assert _login(office, "tanaka", "correct horse battery").status_code == 302


def test_the_lockout_page_speaks_english_to_an_english_browser(staff, settings):
    settings.AXES_FAILURE_LIMIT = 1
    browser = Client(REMOTE_ADDR="203.0.113.21", HTTP_ACCEPT_LANGUAGE="en")
    _login(browser, "tanaka", "wrong")
    locked = _login(browser, "tanaka", "wrong")
    assert locked.status_code == 429
    assert "Login locked" in locked.text


def test_the_login_is_rate_limited_per_address_and_keeps_the_user_name(staff, settings):
    limit(settings, login="1/h")
    browser = Client(REMOTE_ADDR="203.0.113.22")
    assert _login(browser, "tanaka", "wrong").status_code == 200
    response = _login(browser, "tanaka", "correct horse battery")
    assert response.status_code == 429
    assert 'value="tanaka"' in response.text
    assert "_auth_user_id" not in browser.session


def test_the_password_reset_is_rate_limited(staff, settings, mailoutbox):
    limit(settings, password_reset="1/h")
    browser = Client(REMOTE_ADDR="203.0.113.23")
    assert browser.post("/admin/password_reset/", {"email": "tanaka@example.jp"}).status_code == 302
    sent = len(mailoutbox)
    response = browser.post("/admin/password_reset/", {"email": "tanaka@example.jp"})
    assert response.status_code == 429
    assert 'value="tanaka@example.jp"' in response.text
    assert len(mailoutbox) == sent
