"""The public side of sponsors: the platform's sponsors page grouped by tier in tier order, in
the visitor's language, in a fixed number of queries; individuals anonymous unless they agreed;
sponsorships shown from their first day to their last (Tokyo dates) and gone the day after,
the page cache told when; food drive and course pages showing their sponsors."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.core.freshness import next_change_by_clock
from cms.people.models import Qualification
from sponsors import queries
from sponsors.models import Sponsor
from tests.courses.conftest import make_course
from tests.events.conftest import make_event
from tests.fooddrives.conftest import make_drive
from tests.platforms import default_platform, other_platform
from tests.sponsors.conftest import sponsor, sponsors_page, sponsorship, tier

pytestmark = pytest.mark.django_db


def logo(title):
    return get_image_model().objects.create(title=title, file=get_test_image_file())


def body(client, page, **headers):
    cache.clear()
    response = client.get(page.url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_sponsors_page_groups_by_tier_in_tier_order_in_japanese_and_english(client):
    page, english = sponsors_page(english=True)
    silver, gold = tier("シルバー", 20, english="Silver"), tier("ゴールド", 10, english="Gold")
    bank = sponsor(
        "ながの信用金庫",
        english="Nagano Credit Union",
        logo=logo("bank"),
        logo_alt="ながの信用金庫のロゴ",
        url="https://example.jp/bank",
    )
    sponsorship(sponsor("北信米穀店", english="Hokushin Rice Shop"), silver, support="goods")
    sponsorship(bank, gold, support="money")
    # a sponsor of two things is thanked once, in its higher tier
    sponsorship(bank, silver, event=make_event("交流会", slug="koryu"))
    sponsorship(
        sponsor("よその銀行", platform=other_platform()), tier("県", 1, platform=other_platform())
    )

    html = body(client, page)
    assert html.index("ゴールド") < html.index("ながの信用金庫") < html.index("シルバー")
    assert html.index("シルバー") < html.index("北信米穀店")
    assert html.count("ながの信用金庫のロゴ") == 1
    assert 'href="https://example.jp/bank" rel="noopener"' in html
    assert "よその銀行" not in html

    html = body(client, english)
    assert html.index("Gold") < html.index("Nagano Credit Union") < html.index("Silver")
    assert "Hokushin Rice Shop" in html and "北信米穀店" not in html


def test_individuals_are_anonymous_unless_they_agreed(client):
    page = sponsors_page()
    helpers = tier("協力", 30)
    for name in ("山田 花子", "佐藤 一郎"):
        sponsorship(sponsor(name, Sponsor.Kind.INDIVIDUAL), helpers, support="goods")
    sponsorship(sponsor("松本 健一", Sponsor.Kind.INDIVIDUAL, named_publicly=True), helpers)
    html = body(client, page)
    assert "山田" not in html and "佐藤" not in html
    assert "匿名の個人（2名）" in html
    assert "松本 健一" in html


@pytest.mark.parametrize(
    "starts,ends,shown",
    [
        (None, 0, True),  # its last day: shown
        (None, -1, False),  # the day after its last: gone
        (0, None, True),  # its first day
        (1, None, False),  # the day before its first
    ],
)
def test_a_sponsorship_is_shown_from_its_first_day_to_its_last(client, starts, ends, shown):
    page = sponsors_page()
    today = timezone.localdate()
    day = lambda offset: None if offset is None else today + timedelta(days=offset)  # noqa: E731
    sponsorship(sponsor("飯山観光協会"), tier("協力", 30), starts_on=day(starts), ends_on=day(ends))
    assert ("飯山観光協会" in body(client, page)) is shown


def test_the_last_day_is_a_tokyo_date(client):
    """At 23:59 in Tokyo on its last day it is shown; a minute later, the next day, it is not."""
    last = timezone.localdate()
    sponsorship(sponsor("飯山観光協会"), tier("協力", 30), ends_on=last)
    evening = timezone.make_aware(
        datetime.combine(last, datetime.min.time()) + timedelta(hours=23, minutes=59)
    )
    platform = default_platform()
    shown = lambda moment: [  # noqa: E731
        s.name
        for group in queries.public_sponsors(platform, timezone.localdate(moment))["groups"]
        for s in group.sponsors
    ]
    assert shown(evening) == ["飯山観光協会"]
    assert shown(evening + timedelta(minutes=1)) == []
    # 23:59 Tokyo is 14:59 UTC: the UTC date is no different here, but 00:30 Tokyo is the
    # previous day in UTC, and it is already the next day for the sponsorship
    after_midnight = evening + timedelta(minutes=31)
    assert after_midnight.astimezone(UTC).date() == last
    assert shown(after_midnight) == []


def test_the_page_cache_is_told_when_a_sponsorship_begins_or_ends():
    today = timezone.localdate()
    sponsorship(sponsor("飯山観光協会"), ends_on=today + timedelta(days=3))
    sponsorship(sponsor("北信米穀店"), starts_on=today + timedelta(days=5))
    midnight = lambda day: timezone.make_aware(datetime.combine(day, datetime.min.time()))  # noqa: E731
    assert queries.next_change_by_clock(timezone.now()) == midnight(today + timedelta(days=4))
    later = midnight(today + timedelta(days=4)) + timedelta(hours=1)
    assert queries.next_change_by_clock(later) == midnight(today + timedelta(days=5))
    assert next_change_by_clock() <= midnight(today + timedelta(days=1))


def test_a_food_drive_page_shows_its_sponsors(client):
    drive = make_drive()
    sponsorship(sponsor("北信米穀店"), tier("協力", 30), food_drive=drive, role="食品提供")
    sponsorship(sponsor("上田 さくら", Sponsor.Kind.INDIVIDUAL), food_drive=drive)
    html = body(client, drive)
    assert 'id="sponsors-heading"' in html
    assert html.index("食品提供") < html.index("北信米穀店")
    assert "上田" not in html and "匿名の個人" in html
    assert 'id="sponsors-heading"' not in body(client, make_drive("もうひとつのフードドライブ"))


def test_a_course_page_shows_its_sponsors(client):
    qualification = Qualification.objects.create(
        platform=default_platform(), name="つながりサポーター", slug="supporter", validity_years=3
    )
    course = make_course(qualification)
    sponsorship(
        sponsor("ホテル千曲川"), tier("協力", 30), course=course, support="venue", role="会場提供"
    )
    html = body(client, course.event)
    assert "会場提供" in html and "ホテル千曲川" in html


def measure(client, page):
    body(client, page)  # the logos' renditions are made once
    cache.clear()
    with CaptureQueriesContext(connection) as queries_run:
        assert client.get(page.url).status_code == 200
    return len(queries_run)


def test_the_sponsors_page_costs_the_same_queries_whatever_the_number_of_sponsors(client):
    page, english = sponsors_page(english=True)
    tiers = [tier("ゴールド", 10, english="Gold"), tier("シルバー", 20, english="Silver")]

    def add(count):
        for i in range(count):
            made = sponsor(
                f"協賛企業{Sponsor.objects.count()}",
                english=f"Company {i}",
                logo=logo(f"l{i}"),
                logo_alt=f"ロゴ{i}",
            )
            sponsorship(made, tiers[i % 2])
            sponsorship(
                sponsor(f"個人{Sponsor.objects.count()}", Sponsor.Kind.INDIVIDUAL), tiers[i % 2]
            )

    add(2)
    few = measure(client, page), measure(client, english)
    add(6)
    many = measure(client, page), measure(client, english)
    assert few == many
