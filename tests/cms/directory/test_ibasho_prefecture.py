"""A prefecture's ibasho list shows its municipalities' ibasho too, each naming its
municipality, with a filter by municipality; a municipality's list shows only its own
(issue 18)."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from cms.directory.models import IbashoIndexPage
from tests.cms.navigator.factories import ibasho, ibasho_index
from tests.platforms import OTHER_HOST, default_platform, other_platform

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    iiyama = default_platform()
    nagano = other_platform(prefecture_of=iiyama)
    index = IbashoIndexPage(title="県内の居場所", slug="ibasho")
    nagano.site.root_page.add_child(instance=index)
    index.save_revision().publish()
    ibasho_index()
    ibasho(
        "飯山のふれあいサロン",
        name_kana="いいやま",
        area="木島地区",
        latitude=Decimal("36.85"),
        longitude=Decimal("138.36"),
    )
    own = ibasho("県の居場所カフェ", name_kana="けん", area="長野市")
    own.move(index, pos="last-child")
    return {"iiyama": iiyama, "nagano": nagano}


def cards(client, host, query=""):
    response = client.get("/ja/ibasho/" + query, HTTP_HOST=host)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        card.find("h3").get_text(strip=True): card.find(class_="card__platform")
        for card in soup.select(".card-list .card")
    }, response


def test_a_municipality_lists_only_its_own_ibasho(client, two):
    shown, response = cards(client, "localhost")
    assert list(shown) == ["飯山のふれあいサロン"]
    assert "municipality" not in response.context["filter_form"].fields


def test_a_prefecture_lists_its_municipalities_ibasho_naming_the_municipality(client, two):
    shown, response = cards(client, OTHER_HOST)
    assert list(shown) == ["飯山のふれあいサロン", "県の居場所カフェ"]
    assert two["iiyama"].site.root_page.title in shown["飯山のふれあいサロン"].get_text()
    assert shown["県の居場所カフェ"] is None
    form = response.context["filter_form"]
    slugs = [two["nagano"].slug, two["iiyama"].slug]
    assert [value for value, _ in form.fields["municipality"].choices] == ["", *slugs]
    # the areas of both, for the area filter
    assert [value for value, _ in form.fields["area"].choices] == ["", "木島地区", "長野市"]
    # the municipality's ibasho link to its own site
    link = BeautifulSoup(response.content, "html.parser").find("a", string="飯山のふれあいサロン")
    assert link["href"].startswith("http://localhost")


def test_the_prefectures_filter_by_municipality(client, two):
    iiyama, nagano = two["iiyama"].slug, two["nagano"].slug
    assert list(cards(client, OTHER_HOST, f"?municipality={iiyama}")[0]) == ["飯山のふれあいサロン"]
    assert list(cards(client, OTHER_HOST, f"?municipality={nagano}")[0]) == ["県の居場所カフェ"]
    both = cards(client, OTHER_HOST, f"?municipality={iiyama}&area=長野市")[0]
    assert list(both) == []


def test_the_prefectures_map_shows_its_municipalities_ibasho(client, two):
    data = client.get("/ja/ibasho/geojson/", HTTP_HOST=OTHER_HOST).json()
    assert [f["properties"]["title"] for f in data["features"]] == ["飯山のふれあいサロン"]
    properties = data["features"][0]["properties"]
    assert properties["url"].startswith("http")  # on its own site
    assert properties["platform"] == two["iiyama"].site.root_page.title
    own = client.get("/ja/ibasho/geojson/").json()["features"][0]["properties"]
    assert own["url"].startswith("/ja/") and "platform" not in own
