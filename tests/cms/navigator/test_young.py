"""The under-18 path (issue 21): words for young people, the lines for children first, free
and secret, and nothing asked or kept that could tell who they are."""

import json
import logging

import pytest

from tests.cms.navigator.factories import ibasho, topic, window, worry

pytestmark = pytest.mark.django_db

YOUNG = "/ja/navigator/young/"


@pytest.fixture
def lines():
    for slug in ("consultation", "suicide-prevention", "learning-support"):
        topic(slug, "field")
    topic("children-youth")
    topic("older-people")
    worry("want-to-die", "死にたい", ["suicide-prevention"], is_urgent=True)
    worry("school", "学校に行きづらい", ["children-youth", "learning-support"])
    window("よりそいホットライン", topics=["consultation", "suicide-prevention"], groups=["children-youth"], is_24h=True, nationwide=True, sort_order=0)  # fmt: skip
    window("チャイルドライン", topics=["consultation"], groups=["children-youth"], for_children=True, nationwide=True, sort_order=4)  # fmt: skip
    window("24時間子供SOSダイヤル", topics=["suicide-prevention", "learning-support"], groups=["children-youth"], for_children=True, is_24h=True, nationwide=True, sort_order=5)  # fmt: skip
    window("スクールカウンセラー", topics=["consultation", "learning-support"], groups=["children-youth"], for_children=True, sort_order=9)  # fmt: skip
    window("地域包括支援センター", groups=["older-people", "children-youth"], for_older_people=True)  # fmt: skip
    ibasho("こども食堂", groups=["children-youth"], area="木島地区")


def order(html, *names):
    return [html.index(name) for name in names]


def test_the_lines_for_children_come_first_before_any_answer(client, lines):
    response = client.get(YOUNG)
    assert response.status_code == 200
    html = response.content.decode()
    children = order(html, "24時間子供SOSダイヤル", "チャイルドライン", "スクールカウンセラー")
    assert max(children) < html.index("よりそいホットライン")
    assert "地域包括支援センター" not in html


def test_a_chosen_worry_keeps_them_first(client, lines):
    html = client.get(YOUNG, {"worry": "want-to-die"}).content.decode()
    assert html.index("24時間子供SOSダイヤル") < html.index("チャイルドライン")
    assert html.index("チャイルドライン") < html.index("よりそいホットライン")
    assert 'role="alert"' in html


def test_it_says_it_is_free_and_secret_and_needs_no_name(client, lines):
    html = client.get(YOUNG).content.decode()
    assert "おかねは かかりません" in html
    assert "ひみつは まもられます" in html
    assert "なまえを いわなくても" in html


def test_it_asks_nothing_that_tells_who_they_are_and_keeps_nothing(client, lines):
    response = client.get(YOUNG)
    form = response.context["form"]
    assert set(form.fields) == {"worry", "channel"}
    html = response.content.decode()
    assert 'name="area"' not in html and 'name="age"' not in html and 'name="name"' not in html
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_request_log_has_the_questions_not_the_answers(client, lines, caplog):
    with caplog.at_level(logging.INFO, logger="tsunagu.request"):
        client.get(YOUNG, {"worry": "want-to-die", "channel": "phone"})
    entries = [json.loads(r.getMessage()) for r in caplog.records if r.name == "tsunagu.request"]
    assert entries and entries[-1]["query_keys"] == ["channel", "worry"]
    assert "want-to-die" not in caplog.text and "phone" not in caplog.text


def test_the_navigator_and_the_home_page_lead_to_it(client, lines):
    assert 'href="/ja/navigator/young/"' in client.get("/ja/navigator/").content.decode()
    assert 'href="/ja/navigator/young/"' in client.get("/ja/").content.decode()
