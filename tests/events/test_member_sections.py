"""What events add to pages of cms through hooks: a member's events on its profile and
upcoming events in the newsletter digest."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from cms.directory.models import MemberOrganisationIndexPage, MemberOrganisationPage
from cms.home.services import ensure_site
from cms.news import newsletter
from cms.news.models import NewsCategory, NewsIndexPage, NewsletterSubscription, NewsPage
from tests.cms.navigator.factories import ibasho
from tests.events.conftest import make_event
from tests.platforms import default_platform


@pytest.fixture
def members(db):
    index = MemberOrganisationIndexPage(title="参画団体", slug="members")
    ensure_site().add_child(instance=index)
    index.save_revision().publish()

    def add(title, kana):
        page = MemberOrganisationPage(title=title, name_kana=kana, organisation_type="npo")
        index.add_child(instance=page)
        page.save_revision().publish()
        return page

    return add


def test_a_profile_lists_the_members_ibasho_and_the_events_it_organises(client, members):
    council = members("飯山市社会福祉協議会", "いいやましゃかいふくしきょうぎかい")
    other = members("かがやき", "かがやき")
    ibasho("ふれあいサロン", organisation=council)
    ibasho("よその居場所", organisation=other)
    make_event("つながりシンポジウム", organiser=council, days=10)
    joint = make_event("合同相談会", organiser=other, days=20)
    joint.co_organisers.set([council])
    joint.save_revision().publish()
    make_event("よそのイベント", organiser=other, days=5)
    make_event("昨年の交流会", organiser=council, days=-30)

    html = client.get(council.url).content.decode()
    assert "ふれあいサロン" in html and "よその居場所" not in html
    upcoming, past = html.split("過去のイベント" if "過去のイベント" in html else "Past events")
    assert upcoming.index("つながりシンポジウム") < upcoming.index("合同相談会")
    assert "よそのイベント" not in html
    assert "昨年の交流会" in past and "つながりシンポジウム" not in past
    feed = f"/ja/events/organisations/{council.pk}/calendar.ics"
    assert '<link rel="alternate" type="text/calendar"' in html and feed in html
    assert f"webcal://testserver{feed}" in html
    calendar = client.get(feed).content.decode()
    assert "つながりシンポジウム" in calendar and "合同相談会" in calendar
    assert "よそのイベント" not in calendar


@override_settings(PAGE_CACHE=False)  # counts a render, not a cache hit
def test_a_profile_lists_a_course_by_its_first_session_and_their_number(client, members):
    """A course of three weekly sessions is not one long event from the first start to the
    last end (「2月15日 10:00–3月1日 12:00」) on its organiser's profile either."""
    from datetime import timedelta

    from django.utils import timezone

    from events.models import EventSession

    council = members("飯山市社会福祉協議会", "いいやましゃかいふくしきょうぎかい")
    course = make_event("サポーター養成講座", organiser=council, days=10)
    first = course.sessions.get()
    for week in (1, 2):
        EventSession.objects.create(
            page=course,
            starts_at=first.starts_at + timedelta(weeks=week),
            ends_at=first.ends_at + timedelta(weeks=week),
        )
    course.save_revision().publish()
    make_event("一回きりの集い", organiser=council, days=12)
    html = client.get(council.url).content.decode()
    line = html[html.index(">サポーター養成講座</a>") :].split("</li>")[0]
    assert "（全3回）" in line and line.count("<time") == 1
    last = timezone.localtime(first.starts_at + timedelta(weeks=2))
    assert f"{last.month}月{last.day}日" not in line
    single = html[html.index(">一回きりの集い</a>") :].split("</li>")[0]
    assert "回）" not in single and single.count("<time") == 2


def test_a_profile_runs_the_same_number_of_queries_for_any_number_of_events(client, members):
    council = members("飯山市社会福祉協議会", "いいやましゃかいふくしきょうぎかい")
    make_event("最初のイベント", organiser=council)
    ibasho("ふれあいサロン", organisation=council)

    def count():
        client.get(council.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(council.url)
        assert response.status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        make_event(f"イベント{n}", organiser=council, days=n + 2)
        make_event(f"過去のイベント{n}", organiser=council, days=-n - 2)
        ibasho(f"サロン{n}", organisation=council)
    assert count() == few


def test_an_english_profile_lists_translated_events_in_english_and_others_in_japanese(
    client, members
):
    en = Locale.objects.get_or_create(language_code="en")[0]
    council = members("飯山市社会福祉協議会", "いいやましゃかいふくしきょうぎかい")
    translated = make_event("つながりシンポジウム", organiser=council)
    make_event("交流会", organiser=council, days=12)
    english_event = translated.copy_for_translation(en, copy_parents=True)
    english_event.title = "Connection symposium"
    english_event.save_revision().publish()
    english = council.copy_for_translation(en, copy_parents=True)
    english.title = "Iiyama Social Welfare Council"
    english.save_revision().publish()

    html = client.get(english.url).content.decode()
    assert "Connection symposium" in html and "つながりシンポジウム" not in html
    assert re.search(r'lang="ja">交流会</a>', html)


@pytest.fixture
def news(db):
    index = NewsIndexPage(title="お知らせ", slug="news")
    ensure_site().add_child(instance=index)
    index.save_revision().publish()
    page = NewsPage(title="12月のお知らせ", date=datetime.date(2026, 12, 1))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_digest_carries_upcoming_events_to_those_who_chose_them(
    client, news, django_capture_on_commit_callbacks
):
    make_event("つながりシンポジウム", days=10)
    make_event("終わった講演会", days=-10)

    def subscribe(email, **data):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/ja/newsletter/", {"email": email, "agree": "on", **data})
        subscription = NewsletterSubscription.objects.get(person__email=email)
        subscription.confirmed_at = subscription.created_at
        subscription.save()
        return subscription

    subscribe("all@example.jp")
    subscribe("events@example.jp", upcoming_events="on")
    ja = Locale.objects.get(language_code="ja")
    notices = NewsCategory.objects.create(
        platform=default_platform(), locale=ja, slug="notice", name="お知らせ"
    )
    news.category = notices
    news.save_revision().publish()
    subscribe("notices@example.jp", categories=[notices.pk])
    mail.outbox.clear()

    issue = newsletter.compose_issue("12月号")
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.send_issue(issue)
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert "12月のお知らせ" in by_address["all@example.jp"]
    assert "つながりシンポジウム" in by_address["all@example.jp"]
    assert "つながりシンポジウム" in by_address["events@example.jp"]
    assert "12月のお知らせ" not in by_address["events@example.jp"]
    assert "終わった講演会" not in by_address["all@example.jp"]
    assert "12月のお知らせ" in by_address["notices@example.jp"]
    assert "つながりシンポジウム" not in by_address["notices@example.jp"]
