"""The navigator narrows and ranks (issue 21): the rules of cms.navigator.ranking, each on the
fewest windows that show it."""

import pytest
from django.utils import timezone

from cms.navigator.forms import NavigatorForm
from cms.navigator.queries import FIRST_WINDOWS, find_help
from cms.navigator.ranking import open_now
from tests.cms.navigator.factories import ibasho, ja, topic, window, worry

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics():
    for slug in ("consultation", "suicide-prevention", "financial-hardship", "watching-over"):
        topic(slug, "field")
    for slug in ("children-youth", "older-people", "foreign-residents", "family-carers", "women"):
        topic(slug)
    worry("want-to-die", "死にたい", ["suicide-prevention"], is_urgent=True)
    worry("lonely", "さみしい", ["watching-over", "consultation"])
    worry("money", "お金がない", ["financial-hardship"])
    worry("caring", "介護に疲れた", ["family-carers", "older-people"])
    worry("language", "日本語で相談するのが不安", ["foreign-residents"])


def names(**answers):
    answers.setdefault("worry_slugs", ["lonely"])
    return [w.name for w in find_help(ja(), **answers).windows]


def test_a_line_for_children_is_not_for_an_older_person_nor_a_centre_for_them_for_a_child(
    topics,
):
    window("子どもの電話", topics=["consultation"], for_children=True)
    window("高齢者の窓口", topics=["consultation"], for_older_people=True)
    window("だれでも相談", topics=["consultation"])
    assert names(age="older") == ["高齢者の窓口", "だれでも相談"]
    assert names(age="child") == ["子どもの電話", "だれでも相談"]
    assert names(age="adult") == ["だれでも相談"]


def test_what_was_not_answered_excludes_nothing_but_comes_after_what_surely_fits(topics):
    window("子どもの電話", topics=["consultation"], for_children=True, sort_order=0)
    window("だれでも相談", topics=["consultation"], sort_order=1)
    assert names() == ["だれでも相談", "子どもの電話"]


def test_a_womens_counter_is_not_for_a_man_and_is_for_a_woman_before_others(topics):
    window("だれでも相談", topics=["consultation"], sort_order=0)
    window("女性相談", topics=["consultation"], gender="women", sort_order=1)
    assert names(gender="men") == ["だれでも相談"]
    assert names(gender="women") == ["女性相談", "だれでも相談"]
    assert names() == ["だれでも相談", "女性相談"]


def test_a_centre_for_foreign_residents_is_for_those_who_say_so_or_whose_worry_does(topics):
    window("外国人相談センター", topics=["consultation"], groups=["foreign-residents"], for_foreign_residents=True)  # fmt: skip
    assert names() == []
    assert names(foreign=True) == ["外国人相談センター"]
    assert names(worry_slugs=["language"]) == ["外国人相談センター"]


def test_a_centre_for_older_people_and_their_carers_is_for_an_adult_carer(topics):
    window("地域包括支援センター", topics=["watching-over"], groups=["older-people", "family-carers"], for_older_people=True, for_carers=True)  # fmt: skip
    assert names(worry_slugs=["caring"], age="adult") == ["地域包括支援センター"]
    assert names(age="adult", carer=True) == ["地域包括支援センター"]
    assert names(age="adult") == []
    assert names(age="child") == []


def test_an_urgent_worry_puts_its_crisis_lines_first(topics):
    window("昼の相談", topics=["suicide-prevention", "consultation"], sort_order=0)
    window("24時間の電話", topics=["suicide-prevention"], is_24h=True, sort_order=1)
    window("24時間のお金の電話", topics=["financial-hardship"], is_24h=True)
    assert names(worry_slugs=["want-to-die", "lonely"]) == ["24時間の電話", "昼の相談"]
    # not urgent: more shared topics first
    assert names(worry_slugs=["lonely"]) == ["昼の相談"]


def test_more_shared_topics_then_local_before_national_then_open_now(topics):
    window("国の電話", topics=["consultation"], nationwide=True, area_level="national", is_24h=True)  # fmt: skip
    window("県の窓口", topics=["consultation"], area_level="prefecture")
    window("市の窓口", topics=["consultation"], area_level="city")
    window("市の見守り相談", topics=["consultation", "watching-over"], area_level="city")
    window("市の24時間電話", topics=["consultation"], area_level="city", is_24h=True)
    assert names() == ["市の見守り相談", "市の24時間電話", "市の窓口", "県の窓口", "国の電話"]


def test_open_now_by_the_rows_of_hours_before_closed_and_unknown(topics, monkeypatch):
    from tests.cms.directory.test_window_hours import tokyo

    window("夜の窓口", topics=["consultation"], opening=[("daily", "20:00", "02:00")], sort_order=0)  # fmt: skip
    window("書いてない窓口", topics=["consultation"], hours="平日の昼", sort_order=1)
    window("昼の窓口", topics=["consultation"], opening=[("weekdays", "09:00", "17:00")], sort_order=2)  # fmt: skip
    monkeypatch.setattr(timezone, "now", lambda: tokyo(1, 16, 59))  # Tuesday
    assert names() == ["昼の窓口", "夜の窓口", "書いてない窓口"]
    monkeypatch.setattr(timezone, "now", lambda: tokyo(1, 17, 0))  # closed at closing time
    assert names() == ["夜の窓口", "書いてない窓口", "昼の窓口"]
    monkeypatch.setattr(timezone, "now", lambda: tokyo(2, 1, 59))  # after midnight
    assert names() == ["夜の窓口", "書いてない窓口", "昼の窓口"]
    monkeypatch.setattr(timezone, "now", lambda: tokyo(2, 2, 0))
    assert names() == ["夜の窓口", "書いてない窓口", "昼の窓口"]  # editors' order


def test_hours_in_words_are_not_guessed_at():
    assert open_now(window("夜の電話", hours="毎日 0:00〜24:00")) is None
    assert open_now(window("24時間の電話", is_24h=True)) is True


def test_a_line_for_this_worry_comes_before_a_line_for_every_worry(topics):
    window("なんでも相談", topics=["consultation", "financial-hardship", "suicide-prevention"])
    window("見守りの相談", topics=["consultation"], groups=["older-people"])
    window("さみしさの相談", topics=["consultation"])
    assert names() == ["さみしさの相談", "見守りの相談", "なんでも相談"]


def test_five_windows_first_and_the_others_under_more(client, topics):
    for n in range(FIRST_WINDOWS + 2):
        window(f"相談窓口{n}", topics=["consultation"], phone_numbers=f"0269-00-100{n}", sort_order=n)  # fmt: skip
    html = client.get("/ja/navigator/", {"worry": "lonely"}).content.decode()
    first, more = html.split('<details class="more"', 1)
    assert all(f"相談窓口{n}" in first for n in range(FIRST_WINDOWS))
    assert "相談窓口5" in more and "相談窓口6" in more and "相談窓口5" not in first
    assert "<summary>" in more


def test_ibasho_near_the_person_first_and_none_only_for_other_ages(topics):
    ibasho("駅前サロン", groups=["older-people"], area="飯山地区", name_kana="あ")
    ibasho("秋津サロン", groups=["older-people"], area="秋津地区", name_kana="い")
    ibasho("オンラインの会", groups=["older-people"], area="", name_kana="う")
    ibasho("子ども食堂", groups=["children-youth"], area="秋津地区", name_kana="え")
    ibasho("だれでも食堂", groups=["children-youth", "older-people"], area="秋津地区", name_kana="お")  # fmt: skip
    near = find_help(ja(), worry_slugs=["lonely"], age="older", area="秋津地区").ibasho
    assert [page.title for page in near] == ["秋津サロン", "だれでも食堂", "オンラインの会", "駅前サロン"]  # fmt: skip
    ibasho("シニアのお金の勉強会", groups=["older-people", "financial-hardship"], area="秋津地区")  # fmt: skip
    adult = find_help(ja(), worry_slugs=["money"], age="adult").ibasho
    assert [page.title for page in adult] == ["シニアのお金の勉強会"]
    child = find_help(ja(), worry_slugs=["money"], age="child").ibasho
    assert "シニアのお金の勉強会" not in [page.title for page in child]
    child = find_help(ja(), worry_slugs=["caring"], age="child").ibasho
    assert [page.title for page in child] == ["子ども食堂", "だれでも食堂"]


def test_the_age_question_offers_the_bands():
    form = NavigatorForm()
    assert [value for value, _label in form.fields["age"].choices] == [
        "child",
        "young",
        "adult",
        "older",
    ]
