"""The page cache per platform (cms/core/freshness.py): a change on one platform misses that
platform's cached pages (and its prefecture's) and keeps the other's a hit; a shared change
(a nationwide window, a topic, settings) misses every platform's."""

import pytest

from cms.core import freshness
from cms.core.pagecache import HEADER
from cms.home.models import StandardPage
from tests.cms.navigator.factories import window, worry
from tests.platforms import OTHER_HOST, default_platform, other_platform

pytestmark = pytest.mark.django_db

HOSTS = {"iiyama": "localhost", "nagano": OTHER_HOST}


def make_page(platform, title, slug="guide"):
    page = StandardPage(title=title, slug=slug, summary="地域の居場所")
    platform.site.root_page.add_child(instance=page)
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)


@pytest.fixture
def two(db):
    iiyama, nagano = default_platform(), other_platform()
    return {
        "iiyama": iiyama,
        "nagano": nagano,
        "iiyama_page": make_page(iiyama, "飯山の案内"),
        "nagano_page": make_page(nagano, "長野の案内"),
    }


def get(client, key):
    return client.get("/ja/guide/", HTTP_HOST=HOSTS[key])


def warm_both(client):
    for key in HOSTS:
        response = get(client, key)
        for _attempt in range(2):
            if response[HEADER] == "hit":
                break
            response = get(client, key)
        assert response[HEADER] == "hit", key


@pytest.mark.parametrize("mine,theirs", [("nagano", "iiyama"), ("iiyama", "nagano")])
def test_a_publish_on_one_platform_misses_its_pages_and_keeps_the_others_a_hit(
    client, two, mine, theirs
):
    warm_both(client)
    page = two[f"{mine}_page"]
    page.title = "新しい案内"
    page.save_revision().publish()
    assert get(client, theirs)[HEADER] == "hit"
    served = get(client, mine)
    assert served[HEADER] == "miss"
    assert "新しい案内" in served.content.decode()


@pytest.mark.parametrize("mine,theirs", [("nagano", "iiyama"), ("iiyama", "nagano")])
def test_a_record_of_one_platform_misses_its_pages_only(client, two, mine, theirs):
    warm_both(client)
    worry("money", "お金のこと", platform=two[mine])
    assert get(client, theirs)[HEADER] == "hit"
    assert get(client, mine)[HEADER] == "miss"


def test_a_nationwide_window_change_misses_both(client, two):
    national = window("よりそいホットライン", nationwide=True, platform=two["iiyama"])
    warm_both(client)
    national.name = "よりそいホットライン（24時間）"
    national.save()
    assert get(client, "iiyama")[HEADER] == "miss"
    assert get(client, "nagano")[HEADER] == "miss"


def test_a_window_that_stops_being_nationwide_misses_both(client, two):
    national = window("よりそいホットライン", nationwide=True, platform=two["iiyama"])
    warm_both(client)
    national.nationwide = False
    national.save()
    assert get(client, "nagano")[HEADER] == "miss"


def test_a_change_on_a_municipality_misses_its_prefectures_pages_too(client, two):
    other_platform(prefecture_of=two["iiyama"])
    warm_both(client)
    page = two["iiyama_page"]
    page.title = "新しい案内"
    page.save_revision().publish()
    assert get(client, "nagano")[HEADER] == "miss"  # its calendar shows 飯山市's events


def test_a_shared_change_misses_every_platform(client, two):
    warm_both(client)
    freshness.changed()
    assert get(client, "iiyama")[HEADER] == "miss"
    assert get(client, "nagano")[HEADER] == "miss"


def test_the_frame_and_a_hit_use_the_sites_version(client, two, django_assert_num_queries):
    warm_both(client)
    with django_assert_num_queries(0):
        assert get(client, "nagano")[HEADER] == "hit"
    site = two["nagano"].site
    before = freshness.version(site)
    everything = freshness.version()
    freshness.changed(page=two["iiyama_page"])
    assert freshness.version(site) == before
    assert freshness.version() != everything  # what is read across platforms misses
    freshness.changed(page=two["nagano_page"])
    assert freshness.version(site) != before


def test_what_is_not_attributed_moves_every_site(two):
    versions = {key: freshness.version(two[key].site) for key in ("iiyama", "nagano")}
    page = two["iiyama_page"]
    page.slug = "moved"
    page.save()
    versions = {key: freshness.version(two[key].site) for key in ("iiyama", "nagano")}
    page.move(two["nagano"].site.root_page, pos="last-child")
    for key, before in versions.items():
        assert freshness.version(two[key].site) != before, key


def test_a_registration_on_one_platform_misses_its_pages_only(client, two):
    from events import services
    from tests.events.conftest import make_event, make_index

    event = make_event("長野の研修会", index=make_index(two["nagano"].site.root_page))
    warm_both(client)
    services.register(event, quota=event.quotas.first(), name="参加 花子", email="h@example.jp")
    assert get(client, "iiyama")[HEADER] == "hit"
    assert get(client, "nagano")[HEADER] == "miss"


def test_without_the_database_a_request_is_keyed_on_the_counter_of_every_change(rf, monkeypatch):
    from django.db import OperationalError
    from wagtail.models import Site

    def down(request):
        raise OperationalError("connection refused")

    monkeypatch.setattr(Site, "find_for_request", down)
    assert freshness.version_for_request(rf.get("/healthz", HTTP_HOST=OTHER_HOST)) == (
        freshness.version()
    )


def test_a_volunteers_sign_up_misses_its_platforms_pages_and_keeps_its_prefectures_a_hit(
    client, two
):
    from tests.pagecache import assert_shows_the_change, warm
    from tests.volunteers.conftest import make_opportunity, make_shift, make_volunteer
    from volunteers.services import signup

    other_platform(prefecture_of=two["iiyama"])  # 長野県 hosts 飯山市
    shift = make_shift(make_opportunity(platform=two["iiyama"]), capacity=3)
    volunteer = make_volunteer(platform=two["iiyama"])
    # (a new volunteer is a new person of 飯山市's, which its prefecture's pages may count)
    another = make_volunteer("飯山 次郎", platform=two["iiyama"])
    shifts = "/ja/volunteers/"
    before = warm(client, shifts)
    warm_both(client)
    signup.sign_up(volunteer, shift)
    # A private act whose public effect is the places left on 飯山市's shifts, which no other
    # platform lists: 長野県's pages stay hits, and 飯山市's list shows the change at once.
    assert get(client, "nagano")[HEADER] == "hit"
    assert_shows_the_change(client, shifts, before)
    warm_both(client)
    signup.sign_up_many(shift, [another])  # a bulk insert: no signal, the service's change
    assert get(client, "nagano")[HEADER] == "hit"
    assert get(client, "iiyama")[HEADER] == "miss"


def noon_tomorrow():
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    day = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(12)))


@pytest.mark.parametrize("hosted", [False, True])
def test_registration_opening_by_the_clock_ends_the_cached_pages_of_its_platform_only(
    client, two, monkeypatch, hosted
):
    from datetime import timedelta

    from django.utils import timezone

    from tests.events.conftest import make_event

    noon = noon_tomorrow()
    monkeypatch.setattr(timezone, "now", lambda: noon)
    if hosted:
        other_platform(prefecture_of=two["iiyama"])  # 長野県's calendar shows 飯山市's events
    opens = noon + timedelta(minutes=5)
    make_event("飯山の交流会", registration_opens_at=opens)
    warm_both(client)
    nagano_site, iiyama_site = two["nagano"].site, two["iiyama"].site
    assert freshness.next_change_by_clock(noon, iiyama_site) == opens
    assert freshness.next_change_by_clock(noon, None) == opens
    assert (freshness.next_change_by_clock(noon, nagano_site) == opens) is hosted

    # Nobody writes anything: the clock alone opens 飯山市's registration.
    monkeypatch.setattr(timezone, "now", lambda: opens + timedelta(minutes=1))
    assert get(client, "iiyama")[HEADER] == "miss"
    assert get(client, "nagano")[HEADER] == ("miss" if hosted else "hit")


def test_a_hook_that_names_no_platform_ends_every_platforms_pages(two, monkeypatch):
    from datetime import timedelta

    from wagtail import hooks

    noon = noon_tomorrow()
    soon = noon + timedelta(minutes=3)
    later = noon + timedelta(minutes=7)
    every = [lambda now: soon, lambda now: {two["nagano"].pk: later, two["iiyama"].pk: None}]
    monkeypatch.setattr(hooks, "get_hooks", lambda name: every)
    assert freshness.next_change_by_clock(noon, two["iiyama"].site) == soon
    assert freshness.next_change_by_clock(noon, two["nagano"].site) == soon
    freshness.changed()
    every.pop(0)
    assert freshness.next_change_by_clock(noon, two["nagano"].site.pk) == later
    assert freshness.next_change_by_clock(noon, two["iiyama"].site) == noon.replace(
        hour=0
    ) + timedelta(days=1)
