"""The public directory of consultation windows (issue 21): every window of the platform and
the nationwide ones, local first, with filters in a GET form; on a prefecture's platform its
municipalities' windows too, each naming its municipality, and a filter by municipality
(issue 18)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.core.pagecache import HEADER
from cms.directory.windows.models import ConsultationWindow
from tests.cms.navigator.factories import topic, window, worry
from tests.cms.test_people import make_person
from tests.pagecache import assert_shows_the_change, warm
from tests.platforms import OTHER_HOST, default_platform, other_platform

pytestmark = pytest.mark.django_db

URL = "/ja/navigator/windows/"


def names(client, query="", host="localhost"):
    response = client.get(URL + query, HTTP_HOST=host)
    assert response.status_code == 200, (query, response.status_code)
    soup = BeautifulSoup(response.content, "html.parser")
    return [h3.get_text(strip=True) for h3 in soup.select(".card-list .card h3")]


@pytest.fixture
def windows():
    """飯山市's windows of every kind, and two nationwide lines."""
    topic("financial-hardship", "field")
    topic("older-people")
    topic("foreign-residents")
    return {
        "city": window(
            "飯山市 生活就労支援センター",
            topics=["financial-hardship"],
            operator="飯山市社会福祉協議会",
            summary="お金や仕事のこと",
            by_visit=True,
            phone_numbers="0269-00-1001（平日）",
            hours="平日 8:30〜17:15",
            anonymous_ok=False,
            area_level="city",
        ),
        "prefecture": window(
            "北信地域 多文化共生相談",
            groups=["foreign-residents"],
            by_phone=False,
            by_mail=True,
            is_free=False,
            languages="日本語, English、中文",
            area_level="prefecture",
            sort_order=0,
        ),
        "national_chat": window(
            "あなたのいばしょチャット",
            by_phone=False,
            by_chat=True,
            is_24h=True,
            anonymous_ok=True,
            nationwide=True,
            area_level="national",
            summary="24時間、匿名で話せるチャット",
        ),
        "national_line": window(
            "よりそいホットライン",
            groups=["older-people"],
            by_line=True,
            is_24h=True,
            anonymous_ok=True,
            nationwide=True,
            area_level="national",
            phone_numbers="0120-279-338",
        ),
    }


def test_every_window_of_the_platform_and_the_nationwide_ones_local_first(client, windows):
    assert names(client) == [
        "飯山市 生活就労支援センター",
        "北信地域 多文化共生相談",
        "あなたのいばしょチャット",
        "よりそいホットライン",
    ]


def test_a_row_says_what_to_talk_about_how_to_reach_it_and_when(client, windows):
    html = client.get(URL).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    card = soup.select(".card")[0]
    text = card.get_text()
    assert "お金や仕事のこと" in text and "平日 8:30〜17:15" in text
    call = card.find("a", href="tel:0269001001")
    assert call.get_text(" ", strip=True) == "電話する 0269-00-1001（平日）"
    assert card.find("a", href=f"/ja/navigator/windows/{windows['city'].pk}/")
    line = soup.select(".card")[3].get_text()
    assert "24時間" in line and "無料" in line and "匿名" in line


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?channel=phone", ["飯山市 生活就労支援センター", "よりそいホットライン"]),
        ("?channel=chat", ["あなたのいばしょチャット"]),
        ("?channel=line", ["よりそいホットライン"]),
        ("?channel=mail", ["北信地域 多文化共生相談"]),
        ("?channel=visit", ["飯山市 生活就労支援センター"]),
        ("?open_24h=on", ["あなたのいばしょチャット", "よりそいホットライン"]),
        (
            "?free=on",
            ["飯山市 生活就労支援センター", "あなたのいばしょチャット", "よりそいホットライン"],
        ),
        ("?anonymous=on", ["あなたのいばしょチャット", "よりそいホットライン"]),
        ("?language=English", ["北信地域 多文化共生相談"]),
        ("?language=中文", ["北信地域 多文化共生相談"]),
        # words in the name, the summary or the operator, typed full-width or in two parts
        ("?q=ホットライン", ["よりそいホットライン"]),
        ("?q=社会福祉協議会", ["飯山市 生活就労支援センター"]),
        ("?q=２４時間", ["あなたのいばしょチャット"]),
        ("?q=飯山市　センター", ["飯山市 生活就労支援センター"]),
        ("?q=見つからない", []),
    ],
)
def test_each_filter(client, windows, query, expected):
    assert names(client, query) == expected


def test_a_worry_shows_the_windows_of_its_topics(client, windows):
    worry("money", "お金のことで困っている", topics=["financial-hardship"])
    worry("lonely", "さみしい", topics=["older-people"])
    assert names(client, "?worry=money") == ["飯山市 生活就労支援センター"]
    assert names(client, "?worry=lonely") == ["よりそいホットライン"]


def test_filters_combine(client, windows):
    assert names(client, "?open_24h=on&channel=line&anonymous=on") == ["よりそいホットライン"]
    assert names(client, "?free=on&channel=mail") == []
    assert names(client, "?q=チャット&channel=chat&open_24h=on") == ["あなたのいばしょチャット"]


def test_the_language_choices_come_from_the_windows(client, windows):
    form = client.get(URL).context["form"]
    assert [value for value, _ in form.fields["language"].choices] == [
        "",
        "English",
        "中文",
        "日本語",
    ]


def test_bad_or_unknown_parameters_are_not_applied_and_never_fail(client, windows):
    everything = names(client)
    for query in (
        "?channel=fax",
        "?worry=no-such-worry",
        "?language=klingon",
        "?municipality=nowhere",
        "?page=９９９",
        "?page=-1",
        "?q=%00%E2%80%AE",
        "?q=" + "あ" * 3000,
        "?unknown=1",
    ):
        shown = names(client, query)
        assert shown in (everything, []), query
    # the other filters still apply beside a bad one
    assert names(client, "?channel=fax&open_24h=on") == [
        "あなたのいばしょチャット",
        "よりそいホットライン",
    ]
    response = client.get(URL + "?channel=fax")
    assert "channel" in response.context["form"].errors


def queries(client, url, host="localhost"):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, HTTP_HOST=host).status_code == 200
        return len(captured)


def test_the_query_count_does_not_grow_with_the_windows(client, windows, settings):
    settings.PAGE_CACHE = False  # renders, not cached copies
    worry("money", "お金のことで困っている", topics=["financial-hardship"])
    filtered = URL + "?worry=money&channel=phone&free=on&q=センター&language=日本語&page=2"
    client.get(URL)  # the platform map and the frame, cached once
    before = [queries(client, URL), queries(client, filtered)]
    assert max(before) <= 8, before
    for number in range(60):
        window(f"窓口{number}", by_phone=True, phone_numbers=f"0269-00-{3000 + number}")
    client.get("/ja/search/")  # the frame (menu, footer) read again after the change
    assert [queries(client, URL), queries(client, filtered)] == before


def test_the_markup_names_every_filter_and_groups_the_choices(client, windows):
    worry("money", "お金のことで困っている", topics=["financial-hardship"])
    soup = BeautifulSoup(client.get(URL).content, "html.parser")
    assert [h.get_text(strip=True) for h in soup.find_all("h1")] == ["相談窓口の一覧"]
    form = soup.find("form", class_="filters")
    assert form["method"] == "get"
    for field in form.find_all(["input", "select"]):
        labels = soup.find_all("label", attrs={"for": field["id"]})
        assert labels, field
    legends = [legend.get_text(strip=True) for legend in form.find_all("legend")]
    assert legends == ["どの方法で相談したいですか？", "条件"]
    assert soup.find("ul", class_="card-list")["aria-labelledby"] == "results"
    assert all(card.find("h3") for card in soup.select(".card-list .card"))


def test_no_personal_data_and_no_referer_to_the_windows_sites(client, windows):
    person = make_person(email="hanako@example.jp", phone="090-1234-5678")
    response = client.get(URL)
    html = response.content.decode()
    assert person.name not in html and person.email not in html and "090-1234-5678" not in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies


def test_a_change_to_a_window_is_shown_at_once_by_the_page_cache(windows):
    client = Client()
    before = warm(client, URL)
    assert before[HEADER] == "hit"
    windows["city"].hours = "平日 9:00〜16:00"
    windows["city"].save()
    assert "平日 9:00〜16:00" in assert_shows_the_change(client, URL, before).content.decode()


def test_the_navigator_the_window_page_and_the_menu_link_to_it(client, windows):
    for url in ("/ja/navigator/", f"/ja/navigator/windows/{windows['city'].pk}/", "/ja/"):
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        assert soup.find("a", href=URL), url


# Two platforms: 飯山市 and 長野県, the prefecture hosting it.


@pytest.fixture
def prefecture(windows):
    iiyama = default_platform()
    nagano = other_platform(prefecture_of=iiyama)
    return {
        "iiyama": iiyama,
        "nagano": nagano,
        "nagano_window": window(
            "長野県 精神保健福祉センター こころの相談",
            platform=nagano,
            area_level="prefecture",
            phone_numbers="026-000-1001",
        ),
    }


def test_a_municipality_does_not_see_its_prefectures_own_windows(client, prefecture):
    shown = names(client)
    assert "長野県 精神保健福祉センター こころの相談" not in shown
    assert len(shown) == 4
    # nor a filter by municipality, which it has no use for
    nagano = prefecture["nagano"].slug
    response = client.get(URL + f"?municipality={nagano}")
    assert "municipality" not in response.context["form"].fields
    assert names(client, f"?municipality={nagano}") == shown


def test_a_prefecture_sees_its_municipalities_windows_each_naming_its_municipality(
    client, prefecture
):
    response = client.get(URL, HTTP_HOST=OTHER_HOST)
    soup = BeautifulSoup(response.content, "html.parser")
    cards = {
        card.find("h3").get_text(strip=True): card.find(class_="card__platform")
        for card in soup.select(".card-list .card")
    }
    assert list(cards) == [
        "長野県 精神保健福祉センター こころの相談",
        "飯山市 生活就労支援センター",
        "北信地域 多文化共生相談",
        "あなたのいばしょチャット",
        "よりそいホットライン",
    ]
    pk = ConsultationWindow.objects.get(name="飯山市 生活就労支援センター").pk
    iiyama_name = prefecture["iiyama"].site.root_page.title
    assert iiyama_name in cards["飯山市 生活就労支援センター"].get_text()
    # a municipality's window links to its page on the municipality's own site
    link = soup.find("a", string="飯山市 生活就労支援センター")["href"]
    assert link.startswith("http") and link.endswith(f"/ja/navigator/windows/{pk}/")
    # its own windows and the nationwide ones name none
    assert cards["長野県 精神保健福祉センター こころの相談"] is None
    assert cards["よりそいホットライン"] is None
    choices = response.context["form"].fields["municipality"].choices
    slugs = [prefecture["nagano"].slug, prefecture["iiyama"].slug]
    assert [value for value, _ in choices] == ["", *slugs]


def test_the_prefectures_filter_by_municipality(client, prefecture):
    iiyama = prefecture["iiyama"].slug
    assert names(client, f"?municipality={iiyama}", host=OTHER_HOST) == [
        "飯山市 生活就労支援センター",
        "北信地域 多文化共生相談",
    ]
    nagano = prefecture["nagano"].slug
    assert names(client, f"?municipality={nagano}", host=OTHER_HOST) == [
        "長野県 精神保健福祉センター こころの相談"
    ]
    both = names(client, f"?municipality={iiyama}&channel=visit", host=OTHER_HOST)
    assert both == ["飯山市 生活就労支援センター"]


def test_the_prefectures_directory_keeps_its_query_count(client, prefecture, settings):
    settings.PAGE_CACHE = False
    client.get(URL, HTTP_HOST=OTHER_HOST)
    before = queries(client, URL, OTHER_HOST)
    assert before <= 8
    for number in range(20):
        window(f"飯山の窓口{number}", phone_numbers=f"0269-00-{4000 + number}")
        window(f"長野の窓口{number}", platform=prefecture["nagano"])
    client.get("/ja/search/", HTTP_HOST=OTHER_HOST)
    assert queries(client, URL, OTHER_HOST) == before


# Who it is for (issue 21): the windows a group may use, those only for them first.


@pytest.fixture
def for_whom(windows):
    return {
        "children": window("チャイルドライン", for_children=True, nationwide=True),
        "older": window("地域包括支援センター", for_older_people=True, for_carers=True),
        "foreign": window("多文化共生相談センター", for_foreign_residents=True),
        "women": window(
            "女性相談",
            gender="women",
            for_young_adults=True,
            for_adults=True,
            for_older_people=True,
        ),
    }


ANYONE = [
    "飯山市 生活就労支援センター",
    "北信地域 多文化共生相談",
    "あなたのいばしょチャット",
    "よりそいホットライン",
]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("children", ["チャイルドライン", *ANYONE]),
        ("young", ["女性相談", *ANYONE]),
        ("adults", ["女性相談", *ANYONE]),
        ("older", ["地域包括支援センター", "女性相談", *ANYONE]),
        ("foreign", ["多文化共生相談センター", *ANYONE]),
        ("carers", ["地域包括支援センター", *ANYONE]),
    ],
)
def test_who_for_shows_the_windows_they_may_use_theirs_first(client, for_whom, who, expected):
    assert names(client, f"?who={who}") == expected


def test_who_for_combines_with_the_other_filters(client, for_whom):
    assert names(client, "?who=children&open_24h=on") == [
        "あなたのいばしょチャット",
        "よりそいホットライン",
    ]
    assert names(client, "?who=older&q=センター") == [
        "地域包括支援センター",
        "飯山市 生活就労支援センター",
    ]


def test_a_bad_who_is_reported_and_the_rest_still_applies(client, for_whom):
    response = client.get(URL + "?who=aliens&open_24h=on")
    assert response.status_code == 200
    assert "who" in response.context["form"].errors
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(f"#{response.context['form']['who'].auto_id}-errors")
    assert names(client, "?who=aliens&open_24h=on") == [
        "あなたのいばしょチャット",
        "よりそいホットライン",
    ]
    # full-width is read as typed by people
    assert names(client, "?who=ｃｈｉｌｄｒｅｎ") == names(client, "?who=children")


def test_each_card_and_page_says_who_the_window_is_for(client, for_whom):
    soup = BeautifulSoup(client.get(URL).content, "html.parser")
    cards = {card.find("h3").get_text(strip=True): card.get_text() for card in soup.select(".card")}
    assert "子ども（18歳未満）" in cards["チャイルドライン"]
    assert "対象" in cards["よりそいホットライン"] and "どなたでも" in cards["よりそいホットライン"]
    assert "女性のみ" in cards["女性相談"]
    page = client.get(f"{URL}{for_whom['older'].pk}/").content.decode()
    assert "高齢者（65歳以上）、家族を介護・世話している人" in page


def test_the_who_filter_keeps_the_query_count(client, for_whom, settings):
    settings.PAGE_CACHE = False
    client.get(URL)
    before = queries(client, URL + "?who=older&channel=phone")
    assert before <= 8
    for number in range(20):
        window(f"高齢者の窓口{number}", for_older_people=True)
    client.get("/ja/search/")
    assert queries(client, URL + "?who=older&channel=phone") == before


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.dictionaries(
        st.sampled_from(["who", "channel", "open_24h", "language", "q", "worry", "page"]),
        st.text(max_size=30),
    )
)
def test_any_filters_typed_into_the_address_give_a_page_not_an_error(client, for_whom, query):
    assert client.get(URL, query).status_code == 200
