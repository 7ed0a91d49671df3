"""The demo platform (飯山市), as `make run` loads it: every app's part of it, checked on one
load shared by the module (see module_demo in tests/conftest.py); what a test writes is rolled
back. The food drive's part has a module of its own (tests/fooddrives/test_demo.py)."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision, Site

from cms.core import platform as platforms
from cms.core.models import Platform, PlatformSettings
from cms.directory.models import MemberOrganisationPage
from cms.directory.windows.models import ConsultationWindow
from cms.navigator.models import Worry
from cms.news.models import NewsCategory, NewsPage
from cms.people.models import Person
from cms.people.services import recognises
from events import reports
from events.capacity import Status
from events.courses import services as courses
from events.courses.models import CourseCompletion, TrainingCourse
from events.fooddrives.models import Distribution, FoodDrivePage, Intake, Pledge
from events.models import EventPage
from tests.cms.test_photos import photos_of_the_demo
from tests.platforms import default_platform
from volunteers.models import Shift, ShiftSignup, VolunteerOpportunity
from volunteers.services import annotate_places


def snapshot():
    return {
        "pages": sorted(
            Page.objects.values_list("locale__language_code", "url_path", "title", "live")
        ),
        "revisions": Revision.objects.count(),
        "settings": list(PlatformSettings.objects.values()),
        "shifts": Shift.objects.count(),
        "sign-ups": ShiftSignup.objects.count(),
        "waitlisted sign-ups": ShiftSignup.objects.filter(status=Status.WAITLISTED).count(),
        "windows": sorted(
            ConsultationWindow.objects.values_list(
                "pk", "platform__slug", "locale__language_code", "name", "hours", "sort_order"
            )
        ),
        "worries": sorted(
            Worry.objects.values_list("pk", "platform__slug", "locale__language_code", "slug")
        ),
        "pledges": Pledge.objects.count(),
        "intakes": Intake.objects.count(),
        "hand-overs": Distribution.objects.count(),
        "food items": sorted(
            FoodDrivePage.objects.filter(slug="daredemo-shokudo-food-drive").values_list(
                "locale__language_code", "items__pk", "items__name"
            )
        ),
        "photos": photos_of_the_demo(),
        "images": get_image_model().objects.count(),
    }


def test_load_demo_twice_gives_the_same_content(shared_demo):
    """Every app's part, the food drive's and the photos included: one second load for all (it
    takes half a minute)."""
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first
    assert first["waitlisted sign-ups"] == 1
    assert first["pledges"] and first["intakes"] and first["hand-overs"]
    assert len(first["photos"]) == 10


def test_demo_is_a_japanese_platform_with_english_translations(shared_demo):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert home.title == "飯山市孤独・孤立対策官民連携プラットフォーム"
    assert home.locale.language_code == "ja"
    english = Locale.objects.get(language_code="en")
    for page in [home, *home.get_children().live()]:
        translation = page.get_translation(english)
        assert translation.live
        assert translation.title != page.title
    settings = PlatformSettings.for_site(site)
    assert settings.privacy_page is not None
    assert settings.email.endswith("example.jp")


def test_demo_content_is_served(client, shared_demo):
    for url in ["/ja/", "/ja/about/", "/ja/privacy/", "/en/", "/en/accessibility/"]:
        assert client.get(url).status_code == 200, url
    # 活動実績 (issue 19): in the menu, its figures in every language of 飯山市
    assert 'href="/ja/activity/"' in client.get("/ja/").text
    for url in ["/ja/activity/", "/en/activity/", "/vi/activity/"]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert "activity-figures__table" in page.text, url


def test_the_demo_speaks_easy_japanese_and_five_languages_of_foreign_residents(client, shared_demo):
    """The home page and the navigator's worries in やさしい日本語 and the five other languages,
    each worry pointing at topics of its own language (the navigator matches by them); three
    windows and the symposium in やさしい日本語, readings given in <ruby> in rich text."""
    from cms.core.demo_languages import OTHER_LANGUAGES

    home = Site.objects.get(is_default_site=True).root_page
    worries = Worry.objects.filter(platform=default_platform())
    japanese = worries.filter(locale__language_code="ja")
    for code in OTHER_LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        translation = home.get_translation(locale).specific
        assert translation.live and translation.title != home.title, code
        mine = worries.filter(locale=locale)
        assert mine.count() == japanese.count(), code
        for worry in mine.prefetch_related("topics"):
            assert worry.topics.exists(), (code, worry.slug)
            assert {t.locale_id for t in worry.topics.all()} == {locale.pk}, (code, worry.slug)
        response = client.get(f"/{code}/")
        assert response.status_code == 200, code
        assert translation.title in response.content.decode(), code
    easy = Locale.objects.get(language_code="ja-x-easy")
    assert "<ruby>" in home.get_translation(easy).specific.intro
    windows = ConsultationWindow.objects.filter(locale=easy)
    assert windows.count() == 3
    assert all(w.phone_numbers or w.url for w in windows)
    symposium = EventPage.objects.get(slug="symposium", locale__language_code="ja")
    easy_symposium = symposium.get_translation(easy)
    assert client.get(easy_symposium.url).status_code == 200


def test_load_demo_rebuilds_the_page_tree_of_an_emptied_database(db):
    Site.objects.all().delete()
    Page.objects.filter(depth__gt=1).delete()
    call_command("load_demo", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.title == "飯山市孤独・孤立対策官民連携プラットフォーム"
    assert site.root_page.get_translation(Locale.objects.get(language_code="en")).live


def test_demo_has_ten_news_items_in_four_categories_with_english(client, shared_demo):
    assert NewsPage.objects.filter(locale__language_code="ja").live().count() >= 10
    en = Locale.objects.get(language_code="en")
    assert set(NewsCategory.objects.filter(locale=en).values_list("name", flat=True)) == {
        "Notices",
        "Event reports",
        "Calls for participation",
        "In the media",
    }
    html = client.get("/en/news/").content.decode()
    assert "Spring food drive: please donate" in html
    assert "Event reports" in html
    for url in ["/ja/news/", "/ja/news/kickoff-event/", "/ja/news/feed/rss/", "/en/news/"]:
        assert client.get(url).status_code == 200, url


def test_demo_has_fifteen_members_with_an_english_index_and_profiles(client, shared_demo):
    ja = MemberOrganisationPage.objects.filter(locale__language_code="ja").live()
    assert ja.count() == 15
    assert {m.organisation_type for m in ja} >= {"npo", "social_welfare_council", "company"}
    html = client.get("/en/members/").content.decode()
    assert "Member organisations" in html
    assert "Iiyama City Social Welfare Council" in html
    assert client.get("/ja/members/iiyama-shakyo/").status_code == 200
    assert "Food Bank Kita-Shinshu" in client.get("/en/members/food-bank/").content.decode()


def test_demo_past_lecture_meeting_and_sponsors(client, shared_demo):
    """A past lecture with attendance, answers and a recording, a platform meeting for members
    only, and sponsors on the symposium."""
    lecture = EventPage.objects.get(slug="lecture-hitori", locale__language_code="ja")
    figures = reports.attendance_figures(lecture)
    assert figures["attended_onsite"] > 0 and figures["attended_online"] > 0
    assert figures["walk_ins"] == 3
    assert reports.feedback_figures(lecture)["count"] == 6
    assert lecture.recording_url in client.get(lecture.url).content.decode()

    meeting = EventPage.objects.get(slug="pf-kaigi-4", locale__language_code="ja")
    assert meeting.action_items.count() == 3
    assert meeting.invitations.exists()
    assert client.get(meeting.url).status_code == 302
    events_index = client.get(meeting.get_parent().url).content.decode()
    assert meeting.title not in events_index

    symposium = EventPage.objects.get(slug="symposium", locale__language_code="ja")
    assert "飯山みらい信用金庫" in client.get(symposium.url).content.decode()
    english = symposium.get_translation(Locale.objects.get(language_code="en"))
    assert "Iiyama Mirai Credit Union" in client.get(english.url).content.decode()


def test_the_demo_workshop_offers_tracks_in_its_last_two_sessions(client, shared_demo):
    """Per-session tracks (分科会) beside the quotas: the workshop's second and third sessions
    offer two tracks each; the other demo events keep their quotas only."""
    from events.queries import session_tracks

    workshop = EventPage.objects.get(slug="supporter-workshop", locale__language_code="ja")
    rows = session_tracks(workshop)
    sessions = list(workshop.sessions.order_by("starts_at"))
    assert [row["session"].pk for row in rows] == [s.pk for s in sessions[1:]]
    assert [len(row["tracks"]) for row in rows] == [2, 2]
    page = client.get(workshop.url).content.decode()
    assert "分科会A：ピアサポート" in page and 'name="track_' in page
    assert workshop.quotas.count() == 1


def test_the_demo_courses_leave_some_complete_and_some_not(shared_demo):
    supporter_course, follow_up, leader_course = TrainingCourse.objects.filter(
        qualification__platform=default_platform()
    ).order_by("pk")
    assert supporter_course.make_ups.count() == 1
    # its lecturer is of 飯山市's trainers' group: the admin opens their desk
    assert supporter_course.trainers.get().groups.filter(name="講師").exists()
    assert supporter_course.completions.count() == 5
    assert supporter_course.event.registrations.count() == 8
    renewed = CourseCompletion.objects.filter(course=follow_up)
    assert renewed.count() == 2
    assert all(done.grant.renewed_on for done in renewed)
    assert leader_course.prerequisites.exists()
    stranger = Person.objects.create(
        platform=default_platform(), name="未受講 太郎", name_kana="みじゅこう たろう"
    )
    with pytest.raises(courses.EnrolmentError):
        courses.enrol(leader_course, stranger)


def test_every_series_of_the_demo_meets_on_different_days(shared_demo):
    """A series (the workshop, each platform's course) has one session a day, in order: the
    demo's dates are snapped to the 15th of a month, which once put the workshop's three
    sessions on one day and hour (three times 「2027年2月15日(月) 10:00–12:00」 on its page)."""
    series = EventPage.objects.filter(locale__language_code="ja").prefetch_related("sessions")
    checked = 0
    for event in series:
        starts = [s.starts_at for s in event.sessions.all()]
        if len(starts) < 2:
            continue
        checked += 1
        days = [timezone.localdate(start) for start in sorted(starts)]
        assert len(set(days)) == len(days), (event.slug, days)
    assert checked >= 4  # the workshop and the three courses of two platforms


def test_the_demo_has_full_short_and_open_shifts(shared_demo, client):
    shifts = list(annotate_places(Shift.objects.all()))
    assert any(s.held >= s.capacity and s.waiting for s in shifts)  # full, with a waitlist
    assert any(0 < s.held < s.min_people for s in shifts)  # short
    assert any(s.held == 0 for s in shifts)  # open
    assert sum(s.offered for s in shifts) == 1  # a place offered for swap
    assert VolunteerOpportunity.objects.filter(max_hours_in_a_row__isnull=False).exists()
    symposium = VolunteerOpportunity.objects.get(
        event__slug="symposium", locale__language_code="ja"
    )
    assert symposium.get_translations().get().title == "Helping on the day of the symposium"
    body = client.get(reverse("volunteers:shifts")).content.decode()
    assert "受付" in body and "キャンセル待ちに登録できます" in body
    english = client.get("/en/volunteers/").content.decode()
    assert "Reception" in english and "Food drive" in english


def test_demo_has_two_platforms_the_prefecture_hosting_the_city(shared_demo):
    iiyama = platforms.default()
    nagano = Platform.objects.get(slug="nagano")
    assert iiyama.site.is_default_site and iiyama.site.hostname == "localhost"
    assert (nagano.site.hostname, nagano.site.port) == ("nagano.localhost", 8000)
    assert nagano.kind == Platform.Kind.PREFECTURE and nagano.shares_registry
    assert iiyama.prefecture == nagano
    assert platforms.platform_name(nagano) == "長野県孤独・孤立対策官民連携プラットフォーム"
    assert platforms.base_url(nagano) == "http://nagano.localhost:8000"
    assert platforms.mail_sender(nagano).endswith("<nagano-platform@example.jp>")
    assert platforms.mail_sender(iiyama) != platforms.mail_sender(nagano)
    assert Group.objects.filter(name="事務局（nagano）").exists()
    assert Group.objects.filter(name="都道府県担当（nagano）").exists()
    pages = platforms.pages_of(nagano)
    assert pages.filter(title__contains="つながりサポーター養成講座").exists()
    assert (
        NewsPage.objects.filter(pk__in=pages.values("pk"), locale__language_code="ja").count() == 3
    )
    # nothing of 長野県's is under 飯山市's home
    assert not platforms.pages_of(iiyama).filter(pk__in=pages.values("pk")).exists()
    # each keeps its own news categories, and 長野県's news is filed under its own
    for platform in (iiyama, nagano):
        assert set(
            NewsCategory.objects.filter(platform=platform, locale__language_code="ja").values_list(
                "slug", flat=True
            )
        ) == {"notice", "event-report", "call", "media"}
    assert set(
        NewsPage.objects.filter(pk__in=pages.values("pk")).values_list(
            "category__platform", flat=True
        )
    ) == {nagano.pk}
    # 長野県's supporter course grants its own qualification, which 飯山市 recognises (the
    # prefecture shares its registry); its trainees are its people, not 飯山市's.
    course = TrainingCourse.objects.get(qualification__platform=nagano)
    assert pages.filter(pk=course.event_id).exists()
    assert recognises(iiyama, course.qualification)
    assert {r.person.platform for r in course.event.registrations.all()} == {nagano}
    assert course.trainers.get().groups.filter(name="講師（nagano）").exists()
    # its own privacy notice, linked from its settings
    assert PlatformSettings.objects.get(site=nagano.site).privacy_page_id in set(
        pages.values_list("pk", flat=True)
    )


def test_both_platforms_answer_on_one_machine(client, shared_demo):
    for host in ("127.0.0.1:8000", "localhost:8000"):
        html = client.get("/ja/", HTTP_HOST=host).content.decode()
        assert "飯山市孤独・孤立対策官民連携プラットフォーム" in html, host
    response = client.get("/ja/", HTTP_HOST="nagano.localhost:8000")
    assert response.status_code == 200
    html = response.content.decode()
    assert "長野県孤独・孤立対策官民連携プラットフォーム" in html
    assert "飯山市孤独・孤立対策官民連携プラットフォーム" not in html
    assert "/platform.css" in html  # its colour passes the contrast rule
    for url in ["/en/", "/ja/news/", "/ja/events/", "/ja/news/lecturer-dispatch/"]:
        assert client.get(url, HTTP_HOST="nagano.localhost:8000").status_code == 200, url


def test_the_prefectures_directory_of_windows_lists_its_own_and_its_municipalitys(
    client, shared_demo
):
    nagano = Platform.objects.get(slug="nagano")
    own = ConsultationWindow.objects.filter(platform=nagano, locale__language_code="ja")
    assert own.count() >= 3 and not own.filter(nationwide=True).exists()
    html = client.get("/ja/navigator/windows/", HTTP_HOST="nagano.localhost:8000").content
    html = html.decode()
    assert "長野県 こころの電話相談" in html and "飯山市 女性相談" in html
    assert "飯山市孤独・孤立対策官民連携プラットフォーム" in html  # naming the municipality
    iiyama = client.get("/ja/navigator/windows/").content.decode()
    assert "飯山市 女性相談" in iiyama and "長野県 こころの電話相談" not in iiyama
    worries = client.get("/ja/navigator/?worry=cannot-sleep", HTTP_HOST="nagano.localhost:8000")
    assert "長野県 こころの電話相談" in worries.content.decode()


def test_both_platforms_thank_their_sponsors_by_tier_on_a_page_in_the_menu(client, shared_demo):
    from events.fooddrives.models import FoodDrivePage
    from sponsors.models import SponsorIndexPage

    nagano = Platform.objects.get(slug="nagano")
    for platform, host in ((default_platform(), "localhost"), (nagano, "nagano.localhost:8000")):
        page = SponsorIndexPage.objects.get(
            pk__in=platforms.pages_of(platform).values("pk"), locale__language_code="ja"
        )
        assert page.show_in_menus
        html = client.get(page.url, HTTP_HOST=host).content.decode()
        gold, silver = html.index(">ゴールド</h2>"), html.index(">シルバー</h2>")
        assert gold < silver < html.index(">協力</h2>")
        assert "匿名の個人" in html
        if platform == nagano:
            assert "信州あおぞら銀行" in html and "松本 健一" in html and "上田" not in html
            assert "飯山みらい信用金庫" not in html
        else:
            assert (
                html.index("ゴールド") < html.index("飯山みらい信用金庫") < html.index("シルバー")
            )
            assert "木島" not in html
            assert "なべくら高原観光協会" not in html  # ended last month
    english = client.get("/en/sponsors/").content.decode()
    assert "Gold" in english and "Iiyama Mirai Credit Union" in english
    drive = FoodDrivePage.objects.filter(locale__language_code="ja").order_by("pk").first()
    assert "北信濃ふるさと農業協同組合" in client.get(drive.url).content.decode()
