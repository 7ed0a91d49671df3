"""An ibasho under a view restriction (a members-only group, a password) is in no public list:
not the ibasho list, the map's GeoJSON layer, the navigator's answers or the handbook PDF
(issue 16: restricted pages leaked into lists)."""

import pytest
from wagtail.models import PageViewRestriction

from cms.directory.queries import ibasho_in, ibasho_of
from cms.navigator.queries import find_help
from tests.cms.directory.test_platforms import default_site
from tests.cms.navigator.factories import ibasho, ibasho_index, ja, topic, window
from tests.documents import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden():
    topic("older-people")
    window("地域包括支援センター", groups=["older-people"])
    ibasho(
        "秋津サロン", groups=["older-people"], area="秋津地区", latitude="36.85", longitude="138.36"
    )
    page = ibasho(
        "ないしょサロン",
        groups=["older-people"],
        area="秋津地区",
        latitude="36.86",
        longitude="138.37",
    )
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    return page


def test_the_ibasho_queries_list_public_pages_only(hidden):
    assert [p.title for p in ibasho_of(ibasho_index())] == ["秋津サロン"]
    assert [p.title for p in ibasho_in(ja(), default_site())] == ["秋津サロン"]


def test_a_restricted_ibasho_is_in_no_list_map_answer_or_handbook(client, hidden):
    assert "ないしょサロン" not in client.get("/ja/ibasho/").content.decode()
    assert "秋津サロン" in client.get("/ja/ibasho/").content.decode()
    assert "ないしょサロン" not in client.get("/ja/ibasho/geojson/").content.decode()
    assert [p.title for p in find_help(ja(), age="older").ibasho] == ["秋津サロン"]
    handbook = pdf_text(client.get("/ja/navigator/handbook.pdf").content)
    assert "秋津サロン" in handbook
    assert "ないしょサロン" not in handbook


def test_an_ibasho_under_a_restricted_index_is_listed_nowhere_either(client, hidden):
    PageViewRestriction.objects.create(
        page=ibasho_index(), restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    assert list(ibasho_in(ja(), default_site())) == []
    assert "秋津サロン" not in client.get("/ja/ibasho/geojson/").content.decode()
