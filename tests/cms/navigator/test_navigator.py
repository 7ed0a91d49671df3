"""The worry navigator: from a worry in one's own words to windows and ibasho, storing nothing."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.navigator.queries import find_help
from tests.cms.navigator.factories import ibasho, ja, topic, window, worry

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_data():
    for slug in ("suicide-prevention", "financial-hardship", "consultation", "food-support"):
        topic(slug, "field")
    topic("older-people")
    topic("children-youth")
    window("まいさぽ飯山", topics=["financial-hardship", "food-support"], by_visit=True)
    window("法テラス", topics=["financial-hardship"], by_phone=True)
    window("いのちの電話", topics=["suicide-prevention", "consultation"], hours="16:00〜21:00")
    window("よりそいホットライン", topics=["suicide-prevention", "consultation"], is_24h=True)
    window("チャイルドライン", groups=["children-youth"], by_chat=True)
    window("地域包括支援センター", groups=["older-people"], by_phone=False, by_visit=True)
    worry("want-to-die", "死にたい", ["suicide-prevention"], is_urgent=True)
    worry("money", "お金のことで困っている", ["financial-hardship"])
    worry("no-food", "食べるものがない", ["food-support", "financial-hardship"])
    ibasho("秋津サロン", groups=["older-people"], area="秋津地区")


def names(windows):
    return [w.name for w in windows]


def test_a_worry_in_ones_own_words_finds_the_windows_of_its_topics(help_data):
    result = find_help(ja(), worry_slugs=["money"])
    assert set(names(result.windows)) == {"まいさぽ飯山", "法テラス"}
    assert not result.urgent


def test_windows_sharing_more_topics_come_first(help_data):
    result = find_help(ja(), worry_slugs=["no-food"])
    assert names(result.windows) == ["まいさぽ飯山", "法テラス"]


def test_an_urgent_worry_puts_windows_open_24_hours_first(help_data):
    result = find_help(ja(), worry_slugs=["want-to-die"])
    assert result.urgent
    assert names(result.windows)[0] == "よりそいホットライン"
    assert "いのちの電話" in names(result.windows)


def test_the_age_group_adds_its_target_group(help_data):
    result = find_help(ja(), age="older")
    assert names(result.windows) == ["地域包括支援センター"]
    assert [page.title for page in result.ibasho] == ["秋津サロン"]


def test_the_preferred_channel_filters_windows(help_data):
    result = find_help(ja(), worry_slugs=["money"], channel="visit")
    assert names(result.windows) == ["まいさぽ飯山"]


def test_no_answers_find_nothing_rather_than_everything(help_data):
    assert find_help(ja()).windows == []


def test_the_result_is_a_plain_get_url_without_cookies(client, help_data):
    response = client.get("/ja/navigator/", {"worry": ["want-to-die"], "who": "friend"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "よりそいホットライン" in html
    assert html.index("よりそいホットライン") < html.index("いのちの電話")
    assert 'role="alert"' in html
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert 'method="get"' in html and "csrfmiddlewaretoken" not in html


def test_the_questions_page_sets_no_cookie_either(client, help_data):
    response = client.get("/ja/navigator/")
    assert response.status_code == 200
    assert not response.cookies
    assert "死にたい" in response.content.decode()


def test_a_window_page_shows_its_numbers(client, help_data):
    item = window("子どもSOS", phone_numbers="0120-0-78310（24時間）", is_24h=True)
    html = client.get(f"/ja/navigator/windows/{item.pk}/").content.decode()
    assert 'href="tel:0120078310"' in html
    assert "0120-0-78310（24時間）" in html


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.dictionaries(
        st.sampled_from(["who", "age", "worry", "area", "channel"]),
        st.text(max_size=30),
    )
)
def test_any_answers_typed_into_the_address_give_a_page_not_an_error(client, help_data, query):
    assert client.get("/ja/navigator/", query).status_code == 200
