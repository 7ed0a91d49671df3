"""Every request leaves one JSON line on the `tsunagu.request` logger: method, path, status,
duration and view, and nothing that identifies a person or opens their private pages."""

import json
import logging
import secrets

import pytest
from django.test import Client

from cms.core.request_log import MaskRequestPathFilter
from events import services, tasks
from events.models import Registration
from tests.events.conftest import make_event

NAME, KANA, EMAIL, PHONE = "山田 花子", "ヤマダ ハナコ", "hanako.yamada@example.jp", "0269-12-3456"


@pytest.fixture
def event(db):
    return make_event()


def request_lines(caplog):
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "tsunagu.request"]


def everything_logged(caplog):
    """Every record as a handler of ours would write it, through the masking filter."""
    mask = MaskRequestPathFilter()
    return "\n".join(r.getMessage() for r in caplog.records if mask.filter(r))


def register(event):
    registration, _created = services.register(
        event, quota=event.quotas.first(), name=NAME, email=EMAIL, consent_version="v1"
    )
    return registration


def test_a_private_registration_link_is_logged_without_its_token(client, caplog, event):
    link = tasks.private_link(register(event), "ja").removeprefix("http://testserver")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    with caplog.at_level(logging.INFO):
        response = client.get(link + "?lang=ja")
    assert response.status_code == 200
    [line] = request_lines(caplog)
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert line["view"] == "events:registration"
    assert line["path"] == "/ja/events/registration/…/…/"
    assert line["query_keys"] == ["lang"]
    assert isinstance(line["duration_ms"], float)
    assert token not in everything_logged(caplog)


def test_a_registration_form_logs_nothing_of_what_was_typed(client, caplog, event, settings):
    form = {
        "name": NAME,
        "name_kana": KANA,
        "email": EMAIL,
        "phone": PHONE,
        "companions": "0",
        "language": "ja",
        "quota": str(event.quotas.first().pk),
        "consent": "on",
        "submission_key": "key-1",
    }
    with caplog.at_level(logging.DEBUG):
        response = client.post(event.url, form)
    assert response.status_code == 302
    assert Registration.objects.filter(person__email=EMAIL).exists()
    [line] = request_lines(caplog)
    assert (line["method"], line["status"], line["path"]) == ("POST", 302, event.url)
    logged = everything_logged(caplog)
    for typed in (NAME, KANA, EMAIL, PHONE, "hanako", "yamada", "3456"):
        assert typed not in logged


def test_a_missing_page_is_logged_as_404(client, caplog, db):
    with caplog.at_level(logging.INFO):
        response = client.get("/ja/no-such-page/")
    assert response.status_code == 404
    [line] = request_lines(caplog)
    assert (line["status"], line["path"]) == (404, "/ja/no-such-page/")


def test_a_mistyped_private_link_is_logged_as_404_without_its_token(client, caplog, db):
    """The path no longer matches a route that names the token: Wagtail's catch-all answers,
    and the random-looking part is masked, in our line and in Django's 'Not Found' alike."""
    token = secrets.token_urlsafe(32)
    with caplog.at_level(logging.INFO):
        response = client.get(f"/ja/volunteers/me/{token}/nothing-here/")
    assert response.status_code == 404
    [line] = request_lines(caplog)
    assert (line["status"], line["path"]) == (404, "/ja/volunteers/me/…/nothing-here/")
    assert "Not Found: /ja/volunteers/me/…/nothing-here/" in everything_logged(caplog)
    assert token not in everything_logged(caplog)


def test_a_long_page_slug_is_not_mistaken_for_a_token(client, caplog, db):
    with caplog.at_level(logging.INFO):
        client.get("/ja/news/2026-summer-festival-for-everyone/")
    [line] = request_lines(caplog)
    assert line["path"] == "/ja/news/2026-summer-festival-for-everyone/"


@pytest.mark.urls("tests.production.raising_urls")
def test_a_failing_view_is_logged_as_500_without_its_token(caplog, db):
    token = secrets.token_urlsafe(32)
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.INFO):
        response = client.get(f"/fails/{token}/")
    assert response.status_code == 500
    [line] = request_lines(caplog)
    assert line == line | {"status": 500, "path": "/fails/…/", "view": "fails"}
    assert token not in everything_logged(caplog)
