"""The ibasho map is an enhancement: with JavaScript a Leaflet map with one marker per placed
ibasho appears above the list; without JavaScript the list alone works."""

import pytest
from playwright.sync_api import expect

from cms.directory.ibasho.views import leaflet_available
from tests.cms.navigator.factories import ibasho

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not leaflet_available(), reason="needs Leaflet from npm: run make vendor"),
]


@pytest.fixture
def placed(transactional_db, settings, live_server):
    # No request leaves the machine: tiles point at a path of the test server.
    settings.TSUNAGU_MAP_TILES = live_server.url + "/static/no-tiles/{z}/{x}/{y}.png"
    ibasho("秋津サロン", area="秋津地区", latitude="36.822100", longitude="138.348900")
    ibasho("木島こども食堂", area="木島地区", latitude="36.863600", longitude="138.353700")
    ibasho("オンライン居場所", kind="online")


def test_with_javascript_the_map_shows_a_marker_per_placed_ibasho(page, live_server, placed):
    page.goto(live_server.url + "/ja/ibasho/")
    map_region = page.get_by_role("region", name="居場所の地図")
    map_region.wait_for(state="visible")
    page.locator(".leaflet-marker-icon").nth(1).wait_for()
    assert page.locator(".leaflet-marker-icon").count() == 2
    page.locator(".leaflet-marker-icon").first.click()
    # The popup opens after the click's animation frame: wait for it rather than count at once.
    page.locator(".leaflet-popup-content a").wait_for()
    assert page.locator(".leaflet-popup-content a").count() == 1


def test_without_javascript_the_list_and_filters_work(browser, live_server, placed):
    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    page = context.new_page()
    page.goto(live_server.url + "/ja/ibasho/")
    assert not page.locator("#ibasho-map").is_visible()
    page.get_by_label("地域").select_option("木島地区")
    page.get_by_role("button", name="表示", exact=True).click()
    expect(page.get_by_role("link", name="木島こども食堂")).to_be_visible()
    assert page.get_by_role("link", name="秋津サロン").count() == 0
    context.close()
