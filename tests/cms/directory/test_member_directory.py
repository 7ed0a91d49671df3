import datetime
import io
import re

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale

from cms.core.models import Topic
from cms.directory.members.kana import kana_row
from cms.directory.members.models import Membership, MembershipTier
from cms.directory.models import MemberOrganisationIndexPage, MemberOrganisationPage
from cms.home.services import ensure_site
from tests.platforms import default_platform

T = MemberOrganisationPage.OrganisationType


@pytest.fixture
def topics(db):
    ja = Locale.objects.get_or_create(language_code="ja")[0]
    return {
        slug: Topic.objects.create(locale=ja, slug=slug, name=name, kind=kind)
        for slug, name, kind in [
            ("older-people", "高齢者", "group"),
            ("children-youth", "子ども・若者", "group"),
            ("food-support", "食支援", "field"),
            ("watching-over", "見守り", "field"),
        ]
    }


@pytest.fixture
def index(db):
    page = MemberOrganisationIndexPage(title="参画団体", slug="members")
    ensure_site().add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def add_member(index):
    def add(title, kana, kind=T.NPO, topics=(), membership=None, **fields):
        page = MemberOrganisationPage(title=title, name_kana=kana, organisation_type=kind, **fields)
        index.add_child(instance=page)
        page.topics.set(list(topics))
        page.save_revision().publish()
        if membership:
            Membership.objects.filter(page=page).update(**membership)
        return page

    return add


def names(response):
    return [m.title for row in response.context["kana_rows"] for m in row["members"]]


@pytest.mark.parametrize(
    ("reading", "row"),
    [
        ("いいやま", "あ"),
        ("ガッコウ", "か"),
        ("ｻﾎﾟｰﾄ", "さ"),
        ("ぱんや", "は"),
        ("ゆきぐに", "や"),
        ("わかば", "わ"),
        ("NPO", "他"),
        ("", "他"),
    ],
)
def test_a_reading_falls_under_its_gojuon_row(reading, row):
    assert kana_row(reading) == row


def test_members_are_listed_in_gojuon_order_under_their_rows(client, add_member):
    add_member("わかば会", "わかばかい")
    add_member("飯山市社会福祉協議会", "いいやましゃかいふくしきょうぎかい")
    add_member("カフェ", "カフェ")
    add_member("かがやき", "かがやき")
    response = client.get("/ja/members/")
    assert names(response) == ["飯山市社会福祉協議会", "かがやき", "カフェ", "わかば会"]
    rows = {
        row["label"]: [m.title for m in row["members"]] for row in response.context["kana_rows"]
    }
    assert rows["か"] == ["かがやき", "カフェ"]
    html = response.content.decode()
    assert '<a href="#row-か">か</a>' in html
    assert '<span aria-disabled="true">さ</span>' in html
    assert MemberOrganisationPage.objects.get(title="カフェ").name_kana == "かふぇ"
    assert 'href="/ja/members/apply/"' in html


def test_the_index_filters_by_type_field_target_group_and_area(client, add_member, topics):
    add_member(
        "社協", "しゃきょう", T.SOCIAL_WELFARE_COUNCIL, [topics["older-people"]], area="全域"
    )
    add_member("食堂", "しょくどう", T.VOLUNTARY_GROUP, [topics["food-support"]], area="中央")
    add_member(
        "見守り隊",
        "みまもりたい",
        T.VOLUNTARY_GROUP,
        [topics["watching-over"], topics["older-people"]],
        area="全域",
    )
    assert names(client.get("/ja/members/?type=voluntary_group")) == ["食堂", "見守り隊"]
    assert names(client.get("/ja/members/?field=food-support")) == ["食堂"]
    assert names(client.get("/ja/members/?group=older-people")) == ["社協", "見守り隊"]
    # a target group is not a field
    assert names(client.get("/ja/members/?field=older-people")) == []
    assert names(client.get("/ja/members/?area=全域&field=watching-over")) == ["見守り隊"]
    response = client.get("/ja/members/?type=nonsense")
    assert response.status_code == 200 and len(names(response)) == 3
    assert response.context["areas"] == ["中央", "全域"]
    assert {t.slug for t in response.context["fields"]} == {"food-support", "watching-over"}


def test_members_who_left_are_not_listed(client, add_member):
    add_member("いる", "いる")
    add_member("休止中", "きゅうしちゅう", membership={"status": Membership.Status.PAUSED})
    add_member("退会", "たいかい", membership={"status": Membership.Status.LEFT})
    assert names(client.get("/ja/members/")) == ["いる", "休止中"]


# It counts the queries of a render: from the page cache there would be none.
@override_settings(PAGE_CACHE=False)
def test_the_index_runs_the_same_queries_whatever_the_number_of_members(client, add_member, topics):
    def logo(n):
        buffer = io.BytesIO()
        PILImage.new("RGB", (300, 100), (n * 20 % 255, 90, 90)).save(buffer, format="PNG")
        return get_image_model().objects.create(
            title=f"logo {n}", file=ImageFile(buffer, name="logo.png"), width=300, height=100
        )

    def add_some(start, count):
        for n in range(start, start + count):
            add_member(
                f"団体{n}",
                ["あ", "か", "さ", "た"][n % 4] + f"だんたい{n}",
                topics=[topics["food-support"], topics["older-people"]],
                area=f"地区{n % 3}",
                logo=logo(n),
            )

    def count_queries():
        client.get("/ja/members/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/ja/members/").status_code == 200
        return len(queries)

    add_some(0, 2)
    few = count_queries()
    add_some(2, 10)
    assert count_queries() == few


def test_a_profile_shows_the_public_fields_and_never_the_secretariat_ones(
    client, add_member, topics
):
    tier = MembershipTier.objects.create(platform=default_platform(), name="幹事団体")
    page = add_member(
        "フードバンク北信州",
        "ふーどばんくきたしんしゅう",
        T.NPO,
        [topics["food-support"]],
        area="北信地域",
        summary="食品を届けます。",
        strengths="フードドライブの運営",
        activities="<p>食品の保管と配送</p>",
        website="https://food.example.jp/",
        phone="0269-00-1111",
        email="info@food.example.jp",
        member_since=datetime.date(2024, 4, 1),
        membership={
            "tier": tier,
            "status": Membership.Status.PAUSED,
            "last_confirmed_on": datetime.date(2025, 3, 31),
        },
    )
    html = client.get(page.url).content.decode()
    for shown in [
        "フードバンク北信州",
        "ふーどばんくきたしんしゅう",
        "北信地域",
        "食支援",
        "フードドライブの運営",
        "食品の保管と配送",
        "https://food.example.jp/",
        "tel:0269-00-1111",
        "info@food.example.jp",
        'datetime="2024-04-01"',
    ]:
        assert shown in html, shown
    listing = client.get("/ja/members/").content.decode()
    for public in [html, listing]:
        text = re.sub(r"<[^>]+>", " ", public)
        for hidden in ["幹事団体", "2025-03-31", "2025年3月31日", "paused", "休止"]:
            assert hidden not in public and hidden not in text, hidden


# It counts the queries of a render: from the page cache there would be none.
@override_settings(PAGE_CACHE=False)
def test_the_english_index_lists_every_member_in_english_where_translated(
    client, index, add_member, topics
):
    en = Locale.objects.get_or_create(language_code="en")[0]
    translated = add_member("飯山市社会福祉協議会", "いいやましゃかいふくしきょうぎかい")
    add_member("かがやき", "かがやき", topics=[topics["food-support"]])
    english = translated.copy_for_translation(en, copy_parents=True)
    english.title = "Iiyama City Social Welfare Council"
    english.save_revision().publish()

    def get():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/members/")
        return response, len(queries)

    get()
    response, few = get()
    assert names(response) == ["Iiyama City Social Welfare Council", "かがやき"]
    html = response.content.decode()
    assert 'lang="ja">かがやき</a>' in html
    for n in range(5):
        add_member(f"団体{n}", f"だんたい{n}", topics=[topics["older-people"]])
    get()
    response, many = get()
    assert len(names(response)) == 7
    assert many == few
