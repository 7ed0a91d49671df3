"""An ibasho's own page: its name, its reading, where it is."""


def test_an_ibasho_page_keeps_the_reading_out_of_its_heading_and_links_a_map(client, db):
    from decimal import Decimal

    from tests.cms.navigator.factories import ibasho

    page = ibasho(
        "ふれあいサロン",
        address="飯山市大字飯山1110",
        latitude=Decimal("36.85"),
        longitude=Decimal("138.36"),
    )
    html = client.get(page.get_url_parts()[2]).content.decode()
    heading = html.split("<h1>")[1].split("</h1>")[0]
    assert heading == "ふれあいサロン"  # a screen reader reads the name once, not with its reading
    assert 'class="ibasho__reading" lang="ja"' in html and "ふれあいさろん" in html
    assert "https://www.openstreetmap.org/?mlat=36.850000&amp;mlon=138.360000" in html
