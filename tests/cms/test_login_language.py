"""The login trainers and staff use (the admin's, which the trainers' course pages send to)
says everything in Japanese: Wagtail leaves the password's label, "Remember me" and its
no-JavaScript notice in English."""

import re

import pytest

ENGLISH = re.compile(r"[A-Za-z]{3,}")
# Names that stay as they are: the product, and a web address's words.
ALLOWED = {"Wagtail", "JavaScript"}


def visible_text(response):
    html = response.content.decode()
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return " ".join(html.split())


@pytest.mark.parametrize("url", ["/admin/login/", "/admin/login/?next=/ja/courses/"])
def test_the_admin_login_has_no_english_words_in_japanese(client, db, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    text = visible_text(response)
    assert "パスワード" in text and "ログインしたままにする" in text
    assert "JavaScript が必要です" in text
    assert set(ENGLISH.findall(text)) <= ALLOWED, text


def test_the_trainers_course_list_sends_to_that_login(client, db):
    response = client.get("/ja/courses/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_login_still_says_english_in_english(client, db):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en")
    text = visible_text(response)
    assert "Password" in text and "Remember me" in text


def test_the_trainers_desk_after_logging_in_asks_in_japanese_too(client, db):
    """The admin home a trainer lands on: Wagtail leaves its search box's placeholder in
    English (「Search all pages…」) in Japanese."""
    from django.contrib.auth import get_user_model

    from cms.core import roles
    from tests.platforms import default_platform

    trainer = get_user_model().objects.create(username="trainer")
    trainer.groups.add(roles.group_of(default_platform(), roles.TRAINERS))
    client.force_login(trainer)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Search all pages" not in page and "すべてのページを検索" in page
