"""Food drives on the home page and on their organiser's profile, through the cms hooks."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.directory.models import MemberOrganisationIndexPage, MemberOrganisationPage
from cms.home.services import ensure_site
from events.fooddrives import sections, services
from tests.fooddrives.conftest import make_drive

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_drives_taking_pledges_with_what_is_still_wanted(client):
    drive = make_drive(items=[("お米", "kg", 10, ""), ("缶詰", "個", None, "")])
    services.record_intake(drive, item=drive.items.get(name="お米"), quantity=10)
    make_drive("締め切ったフードドライブ", pledges_close_at=timezone.now() - timedelta(hours=1))
    make_drive("中止したフードドライブ", cancelled_at=timezone.now())
    html = client.get("/ja/").content.decode()
    assert "だれでも食堂 フードドライブ" in html
    assert "締め切った" not in html and "中止した" not in html
    assert "足りています" in html or "enough for now" in html


def test_the_home_section_takes_as_many_queries_for_three_drives_as_for_one():
    home = ensure_site()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            section = sections.home_drives(home)
        assert all(len(entry["items"]) == 4 for entry in section["drives"])
        return len(captured)

    make_drive("フードドライブ0", items=[(f"品目{i}", "個", 5, "") for i in range(4)])
    queries()  # the first call fills caches (the default site)
    one = queries()
    for n in (1, 2):
        make_drive(f"フードドライブ{n}", items=[(f"品目{i}", "個", 5, "") for i in range(4)])
    assert queries() == one


def test_no_drives_no_home_section():
    assert sections.home_drives(ensure_site()) is None


def test_a_member_profile_lists_the_drives_it_runs(client):
    index = MemberOrganisationIndexPage(title="参画団体", slug="members")
    ensure_site().add_child(instance=index)
    member = MemberOrganisationPage(
        title="飯山市社会福祉協議会",
        name_kana="いいやましゃかいふくしきょうぎかい",
        organisation_type="social_welfare_council",
    )
    index.add_child(instance=member)
    member.save_revision().publish()
    make_drive(organiser=member)
    make_drive(
        "昨年のフードドライブ",
        organiser=member,
        starts_in=-400,
        days=10,
    )
    section = sections.member_drives(member)
    assert [d.title for d in section["current"]] == ["だれでも食堂 フードドライブ"]
    assert [d.title for d in section["past"]] == ["昨年のフードドライブ"]
    assert "昨年のフードドライブ" in client.get(member.url).content.decode()


def test_the_digest_lists_drives_taking_pledges_for_those_who_chose_upcoming_events():
    from types import SimpleNamespace

    from wagtail.models import Locale

    from events.fooddrives.wagtail_hooks import newsletter_digest_food_drives
    from tests.platforms import default_platform

    make_drive()
    make_drive("締め切ったフードドライブ", pledges_close_at=timezone.now() - timedelta(hours=1))
    ja = Locale.objects.get(language_code="ja")
    subscriber = SimpleNamespace(upcoming_events=True, platform=default_platform())
    section = newsletter_digest_food_drives(ja, subscriber)
    assert "だれでも食堂 フードドライブ" in section["text"]
    assert "締め切った" not in section["text"]
    assert "http" in section["text"]
    subscriber = SimpleNamespace(upcoming_events=False, platform=default_platform())
    assert newsletter_digest_food_drives(ja, subscriber) is None
