"""The printable A4 flyer of an event: public facts in the page's language, Japanese fonts
embedded, a QR code to the page, cached until the page changes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Locale

from cms.core.models import PlatformSettings
from cms.directory.models import MemberOrganisationIndexPage, MemberOrganisationPage
from events import services
from events.models import EventPage, EventSession
from tests.documents import a4, pdf_fonts, pdf_qr_codes, pdf_text
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def organiser(**fields):
    index = MemberOrganisationIndexPage.objects.first()
    if index is None:
        from cms.home.services import ensure_site

        index = ensure_site().add_child(
            instance=MemberOrganisationIndexPage(title="参画団体", slug="members")
        )
    fields = {"title": "NPOつなぎ手", "slug": "tsunagite", **fields}
    page = index.add_child(
        instance=MemberOrganisationPage(name_kana="つなぎて", organisation_type="npo", **fields)
    )
    page.save_revision().publish()
    return MemberOrganisationPage.objects.get(pk=page.pk)


def symposium(**fields):
    event = make_event(
        "つながりシンポジウム",
        venue_name="飯山市文化交流館なちゅら",
        venue_address="長野県飯山市大字飯山11226-1",
        fee="無料",
        sign_language=True,
        childcare=True,
        support_note="託児は3日前までにお申し込みください。",
        **fields,
    )
    # Two sessions whose times are unambiguous in Tokyo (UTC would print 05:30).
    day = timezone.localdate() + timedelta(days=30)
    first = datetime(day.year, day.month, day.day, 14, 30, tzinfo=TOKYO)
    event.sessions = [
        EventSession(title="第1回", starts_at=first, ends_at=first + timedelta(hours=2)),
        EventSession(
            title="第2回",
            starts_at=first + timedelta(days=7),
            ends_at=first + timedelta(days=7, hours=2),
        ),
    ]
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def flyer(client, page):
    response = client.get(page.url + "flyer/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_flyer_prints_every_public_fact_with_a_code_to_the_page(client):
    contact = organiser(phone="0269-62-0000", email="info@tsunagite.example.jp")
    event = symposium(organiser=contact)
    services.register(
        event,
        quota=event.quotas.get(),
        name="秘密 花子",
        email="hanako@example.jp",
        phone="090-0000-0000",
    )
    data = flyer(client, event)
    assert a4(data)
    text = pdf_text(data)
    day = timezone.localtime(event.sessions.order_by("starts_at").first().starts_at)
    for expected in (
        "つながりシンポジウム",
        "シンポジウム",  # the category
        "地域でつながる",  # the summary
        f"{day.year}年{day.month}月{day.day}日",
        "14:30–16:30",
        "第2回",
        "飯山市文化交流館なちゅら",
        "長野県飯山市大字飯山11226-1",
        "無料",
        "手話通訳",
        "託児",
        "託児は3日前までにお申し込みください。",
        "10名",  # places
        "申込方法",
        "NPOつなぎ手",
        "0269-62-0000",
        "info@tsunagite.example.jp",
    ):
        assert expected in text, expected
    for private in ("秘密", "hanako@example.jp", "090-0000-0000"):
        assert private not in text
    assert pdf_qr_codes(data) == ["http://testserver" + event.url]
    fonts = pdf_fonts(data)
    assert fonts and all(fonts.values())


def test_without_a_public_organiser_contact_the_secretariat_is_given(client):
    event = symposium()
    settings = PlatformSettings.for_site(event.get_site())
    settings.secretariat_name = "飯山市 民生部"
    settings.phone = "0269-62-3111"
    settings.save()
    text = pdf_text(flyer(client, event))
    assert "飯山市民生部" in text and "0269-62-3111" in text


def test_an_online_event_says_online_and_no_registration_when_it_takes_none(client):
    event = make_event("オンライン交流会", attendance=EventPage.Attendance.ONLINE, quotas=[])
    event.quotas.all().delete()
    text = pdf_text(flyer(client, EventPage.objects.get(pk=event.pk)))
    assert "オンライン" in text and "申込みは不要です" in text


def test_the_english_page_prints_an_english_flyer_with_the_same_times(client):
    event = symposium()
    english = event.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Connections symposium"
    english.save_revision().publish()
    english = EventPage.objects.get(pk=english.pk)
    data = flyer(client, english)
    text = pdf_text(data)
    assert "Connectionssymposium" in text
    for label in ("When", "Where", "Fee", "Supportoffered", "Howtoregister"):
        assert label in text
    assert "14:30–16:30" in text and "Signlanguageinterpretation" in text
    assert pdf_qr_codes(data) == ["http://testserver" + english.url]


def test_the_flyer_is_built_once_until_the_page_changes(client):
    event = symposium()
    first = flyer(client, event)
    # Served from the cache: the same bytes (a rebuild would carry another creation time).
    assert flyer(client, event) == first
    event.title = "つながりシンポジウム（会場変更）"
    event.venue_name = "飯山市役所 大会議室"
    event.save_revision().publish()
    changed = pdf_text(flyer(client, EventPage.objects.get(pk=event.pk)))
    assert "会場変更" in changed and "飯山市役所大会議室" in changed


def test_a_cancelled_event_says_so_on_the_flyer(client):
    event = symposium()
    event.cancelled_at = timezone.now()
    event.save_revision().publish()
    assert "中止" in pdf_text(flyer(client, EventPage.objects.get(pk=event.pk)))


def test_the_event_page_links_its_flyer_and_a_draft_has_none(client):
    event = symposium()
    page = client.get(event.url).content.decode()
    assert f'href="{event.url}flyer/"' in page
    event.unpublish()
    assert client.get(event.url + "flyer/").status_code == 404


def test_the_registration_window_is_printed_and_a_closed_one_says_so(client):
    closes = timezone.now() + timedelta(days=20)
    event = symposium(registration_closes_at=closes)
    text = pdf_text(flyer(client, event))
    local = timezone.localtime(closes)
    assert f"受付締切：{local.year}年{local.month}月{local.day}日" in text
    assert "キャンセル待ち" in text
    event.registration_closes_at = timezone.now() - timedelta(hours=1)
    event.save_revision().publish()
    text = pdf_text(flyer(client, EventPage.objects.get(pk=event.pk)))
    assert "申込みの受付を終了しました" in text and "受付締切" not in text
