"""The yearly report (issue 19): one report per platform and 年度 (April to March, Tokyo time)
made of the apps' sections, each figure with the previous year beside it; on a page, as an
Excel workbook and as an A4 PDF; for the secretariat, read-only for the prefecture."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from cms.core import yearly
from cms.core.models import ExportLog
from events.capacity import Status
from events.fooddrives import services as food
from events.models import EventPage, Registration
from events.services import register
from tests.documents import pdf_text
from tests.events.conftest import make_event, make_index
from tests.fooddrives.conftest import item, make_drive
from tests.platforms import default_platform, other_platform, staff_of
from tests.roles import food_drive_desk, member_editor, secretariat, trainer

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
LAST_MINUTE = datetime(2026, 3, 31, 23, 59, tzinfo=TOKYO)  # 令和7年度 (2025)
FIRST_MINUTE = datetime(2026, 4, 1, 0, 0, tzinfo=TOKYO)  # 令和8年度 (2026)


def held_event(title, starts_at, *, people=1, index=None):
    """An event that took place at `starts_at`, with `people` who came."""
    event = make_event(title, index=index)
    for n in range(people):
        register(event, quota=event.quotas.first(), name=f"参加 {n}", email=f"p{n}@ex.jp")
    EventPage.objects.filter(pk=event.pk).update(starts_at=starts_at)
    Registration.objects.filter(event=event).update(status=Status.ATTENDED)
    return event


def section(key, year, platforms=None):
    platforms = platforms or [default_platform()]
    scope = yearly.Scope(year, tuple(p.pk for p in platforms))
    return next(s for s in yearly.sections(scope) if s.key == key)


def figure(found, label):
    return next(f for f in found.figures if f.label == label)


def pair(found):
    return found.value, found.previous


@pytest.fixture(autouse=True)
def english():
    """Labels looked up by their msgid; the Japanese pages are tested on their own."""
    with translation.override("en"):
        yield


@pytest.fixture
def iiyama(db):
    return default_platform()


@pytest.fixture
def boundary(iiyama):
    """An event and food on the last minute / day of 2025年度 and the first of 2026年度."""
    held_event("年度末の交流会", LAST_MINUTE, people=2)
    held_event("年度初めの交流会", FIRST_MINUTE, people=3)
    unlimited = held_event("誰でも参加の講演会", FIRST_MINUTE, people=4)
    unlimited.quotas.update(capacity=None)
    drive = make_drive()
    rice = item(drive, "お米")
    food.record_intake(drive, item=rice, quantity=7, received_on=date(2026, 3, 31))
    food.record_intake(drive, item=rice, quantity=11, received_on=date(2026, 4, 1))


def test_events_and_participants_fall_in_their_fiscal_year_at_midnight_tokyo(boundary):
    events, later = section("events", 2025), section("events", 2026)
    assert (figure(events, "Events held").value, figure(events, "Participants").value) == (1, 2)
    assert pair(figure(later, "Events held")) == (2, 1)
    assert pair(figure(later, "Participants")) == (7, 2)
    assert pair(figure(later, "Participants on site")) == (7, 2)
    # 3 of 10 places, 2 of 10 the year before; an event without a limit does not count.
    assert pair(figure(later, "Fill rate (registered / places)")) == (30.0, 20.0)
    titles = [row[1] for row in later.tables[0].rows]
    assert "年度初めの交流会" in titles and "年度末の交流会" not in titles


def test_food_received_falls_in_its_fiscal_year_by_the_day(boundary):
    drives = section("fooddrives", 2026)
    received = next(f for f in drives.figures if "お米" in f.label)
    assert (received.value, received.previous, received.unit) == (11, 7, "kg")


def test_a_course_completed_on_31_march_counts_in_the_year_ending_then(iiyama):
    from cms.people.models import Person, Qualification, QualificationGrant
    from events.courses.models import CourseCompletion, TrainingCourse

    qualification = Qualification.objects.create(
        platform=iiyama, name="つながりサポーター", slug="supporter"
    )
    event = held_event("養成講座", LAST_MINUTE, people=2)
    course = TrainingCourse.objects.create(event=event, qualification=qualification)
    for registration, day in zip(
        Registration.objects.filter(event=event), (date(2026, 3, 31), date(2026, 4, 1)), strict=True
    ):
        grant = QualificationGrant.objects.create(
            person=registration.person,
            qualification=qualification,
            granted_on=day,
            valid_until=date(2029, 3, 31),
        )
        CourseCompletion.objects.create(
            course=course, registration=registration, completed_on=day, grant=grant
        )
    assert Person.objects.count() == 2
    courses = section("courses", 2026)
    assert pair(figure(courses, "Courses held")) == (0, 1)
    assert pair(figure(courses, "Supporters trained (qualification granted or renewed)")) == (1, 1)
    assert pair(figure(courses, "Qualifications valid at the end of the year")) == (2, 1)


# The page and the files ----------------------------------------------------------------


@pytest.fixture
def two(iiyama):
    """飯山市 (hosted by 長野県) and 長野県, each with an event in 2025年度."""
    nagano = other_platform(prefecture_of=iiyama)
    held_event("飯山の交流会", LAST_MINUTE)
    held_event("長野県の研修会", LAST_MINUTE, index=make_index(nagano.site.root_page))
    return iiyama, nagano


def page(client, **query):
    response = client.get(reverse("yearly_report"), {"year": 2025, **query})
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_names_the_year_in_the_era_and_western(client, two):
    client.force_login(secretariat())
    with translation.override("ja"):
        text = page(client)
    assert "令和7年度（2025年度）" in text
    assert "令和8年度（2026年度）" in text  # the year picker


def test_a_municipalitys_secretariat_never_sees_the_prefectures_figures(client, two):
    client.force_login(secretariat())
    text = page(client)
    assert "飯山の交流会" in text and "長野県の研修会" not in text
    # Asking for another platform by name shows its own, not the other's.
    text = page(client, platform="nagano")
    assert "長野県の研修会" not in text


def test_the_prefecture_reads_its_municipalities_and_may_narrow_to_one(client, two):
    _iiyama, nagano = two
    from cms.core.platform import PREFECTURE_STAFF

    client.force_login(staff_of(nagano, PREFECTURE_STAFF))
    text = page(client)
    assert "飯山の交流会" in text and "長野県の研修会" in text
    text = page(client, platform=_iiyama.slug)
    assert "飯山の交流会" in text and "長野県の研修会" not in text


def test_the_prefectures_secretariat_does_not_read_the_municipalities(client, two):
    from cms.core.roles import SECRETARIAT

    _iiyama, nagano = two
    client.force_login(staff_of(nagano, SECRETARIAT))
    text = page(client)
    assert "長野県の研修会" in text and "飯山の交流会" not in text


@pytest.mark.parametrize("role", [member_editor, trainer, food_drive_desk])
def test_other_roles_may_not_open_the_report_nor_its_files(client, two, role):
    client.force_login(role())
    for name in ("yearly_report", "yearly_report_xlsx", "yearly_report_pdf"):
        response = client.get(reverse(name), {"year": 2025})
        assert response.status_code in (302, 403)
        assert "飯山の交流会".encode() not in response.content


def test_a_bad_year_is_this_year_not_an_error(client, two):
    client.force_login(secretariat())
    for year in ("junk", "-1", "99999999999", ""):
        assert client.get(reverse("yearly_report"), {"year": year}).status_code == 200


def test_the_workbook_has_a_summary_and_a_sheet_per_area_and_is_logged(client, two):
    from openpyxl import load_workbook

    client.force_login(secretariat())
    with translation.override("ja"):
        response = client.get(reverse("yearly_report_xlsx"), {"year": 2025})
    assert response.status_code == 200
    assert 'filename="yearly-report-2025.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    titles = [sheet.title for sheet in book.worksheets]
    assert len(titles) == 1 + len(section_keys()) and len(set(titles)) == len(titles)
    summary = [[cell for cell in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    assert summary[0][0].startswith("令和7年度（2025年度）")
    events = book.worksheets[titles.index(section_title("events"))]
    cells = {cell for row in events.iter_rows(values_only=True) for cell in row}
    assert "飯山の交流会" in cells and "長野県の研修会" not in cells
    assert "参加 0" not in {c for row in summary for c in row}  # no names anywhere
    assert ExportLog.objects.filter(kind="yearly report", file_format="xlsx").count() == 1


def test_the_pdf_is_a4_with_real_text(client, two):
    from tests.documents import a4

    client.force_login(secretariat())
    with translation.override("ja"):
        response = client.get(reverse("yearly_report_pdf"), {"year": 2025})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert a4(response.content)
    text = pdf_text(response.content)
    assert "令和7年度（2025年度）" in text
    assert "飯山の交流会" in text and "長野県の研修会" not in text
    assert ExportLog.objects.filter(kind="yearly report", file_format="pdf").count() == 1


def section_keys():
    scope = yearly.Scope(2025, (default_platform().pk,))
    return [s.key for s in yearly.sections(scope)]


def section_title(key):
    with translation.override("ja"):
        return section(key, 2025).title


def test_the_old_yearly_tables_lead_to_the_report(client, iiyama):
    client.force_login(secretariat())
    for name, anchor in (
        ("events_admin:yearly_report", "#events"),
        ("fooddrives_admin:yearly_report", "#fooddrives"),
    ):
        response = client.get(reverse(name), {"year": 2024})
        assert response.status_code == 302
        assert response["Location"] == reverse("yearly_report") + "?year=2024" + anchor


# A fixed number of queries per section, whatever the data ------------------------------


def _queries_per_section(django_assert_num_queries):
    """{section key: queries} for 2025年度 of the default platform."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail import hooks

    scope = yearly.Scope(2025, (default_platform().pk,))
    counts = {}
    for hook in hooks.get_hooks(yearly.HOOK):
        with CaptureQueriesContext(connection) as captured:
            found = hook(scope)
        counts[found.key] = len(captured)
    return counts


def _more_of_everything(n):
    drive = make_drive(f"ドライブ{n}", slug=f"more-drive-{n}")
    for k in range(3):
        held_event(f"交流会{n}-{k}", LAST_MINUTE, people=2, index=make_index())
        food.record_intake(
            drive, item=item(drive, "缶詰"), quantity=k + 1, received_on=date(2026, 3, 1)
        )
        make_member(f"団体{n}-{k}", date(2025, 6 + k, 1))
        subscriber(datetime(2025, 6 + k, 1, tzinfo=TOKYO))
        volunteer_hours(datetime(2025, 6 + k, 1, 10, tzinfo=TOKYO), 1 + k, name=f"ボラ{n}{k}")


def test_every_section_costs_the_same_queries_for_little_and_much(
    boundary, community, django_assert_num_queries
):
    from django.core.cache import cache

    yearly.sections(yearly.Scope(2025, (default_platform().pk,)))  # caches warmed
    small = _queries_per_section(django_assert_num_queries)
    for n in range(3):
        _more_of_everything(n)
    cache.clear()
    yearly.sections(yearly.Scope(2025, (default_platform().pk,)))
    large = _queries_per_section(django_assert_num_queries)
    assert large == small
    assert max(small.values()) <= 12, small


# Members, newsletter and volunteers --------------------------------------------------


def make_member(title, since, *, tier=None, kind="npo"):
    from cms.directory.models import MemberOrganisationIndexPage, MemberOrganisationPage, Membership
    from cms.home.services import ensure_site

    index = MemberOrganisationIndexPage.objects.first()
    if index is None:
        index = ensure_site().add_child(
            instance=MemberOrganisationIndexPage(title="参画団体", slug="members")
        )
    page = index.add_child(
        instance=MemberOrganisationPage(
            title=title, name_kana="だんたい", organisation_type=kind, member_since=since
        )
    )
    Membership.objects.update_or_create(page=page, defaults={"tier": tier})
    return page


def subscriber(confirmed_at, unsubscribed_at=None):
    from cms.news.models import NewsletterSubscription
    from cms.people.models import Person

    person = Person.objects.create(platform=default_platform(), name="購読", email="s@ex.jp")
    return NewsletterSubscription.objects.create(
        platform=default_platform(),
        person=person,
        confirmed_at=confirmed_at,
        unsubscribed_at=unsubscribed_at,
    )


def volunteer_hours(starts_at, hours, name="飯山 花子"):
    from tests.volunteers.conftest import make_shift, make_volunteer
    from volunteers.models import ShiftSignup

    shift = make_shift()
    shift.starts_at = starts_at
    shift.save(update_fields=["starts_at"])
    ShiftSignup.objects.create(
        shift=shift, volunteer=make_volunteer(name), status=Status.ATTENDED, hours=hours
    )


@pytest.fixture
def community(iiyama):
    from cms.directory.models import MembershipTier

    tier = MembershipTier.objects.create(platform=iiyama, name="幹事団体")
    make_member("社協", date(2025, 4, 1), tier=tier, kind="social_welfare_council")
    make_member("NPO つなぐ", date(2026, 3, 31))
    make_member("子ども食堂の会", date(2026, 4, 1), tier=tier)
    subscriber(LAST_MINUTE)
    subscriber(FIRST_MINUTE)
    subscriber(datetime(2025, 5, 1, tzinfo=TOKYO), unsubscribed_at=FIRST_MINUTE)
    volunteer_hours(LAST_MINUTE, 2)
    volunteer_hours(FIRST_MINUTE, 3.5, name="飯山 次郎")


def test_members_by_type_tier_and_month_this_year_and_last(community):
    members = section("members", 2026)
    assert pair(figure(members, "Member organisations")) == (3, 2)
    assert pair(figure(members, "Joined in the year")) == (1, 2)
    by_type, by_tier, per_month = members.tables
    from cms.directory.models import MemberOrganisationPage

    kinds = MemberOrganisationPage.OrganisationType
    rows = {row[0]: row[1:] for row in by_type.rows}
    assert rows[kinds("npo").label] == [2, 1]
    assert rows[kinds("social_welfare_council").label] == [1, 1]
    assert ["幹事団体", 2, 1] in by_tier.rows
    assert per_month.rows[0][1] == 1 and sum(row[1] for row in per_month.rows) == 1
    earlier = section("members", 2025).tables[2]
    assert [row[1] for row in earlier.rows] == [1] + [0] * 10 + [1]  # April and March


def test_newsletter_subscribers_at_the_end_of_each_year(community):
    newsletter = section("newsletter", 2026)
    assert pair(figure(newsletter, "Subscribers at the end of the year")) == (2, 2)
    assert pair(figure(newsletter, "New subscribers")) == (1, 2)
    assert pair(figure(newsletter, "Unsubscribed")) == (1, 0)


def test_volunteers_and_hours_fall_in_their_year(community):
    volunteers = section("volunteers", 2026)
    assert pair(figure(volunteers, "Volunteers active")) == (1, 1)
    assert pair(figure(volunteers, "Volunteer hours")) == (3.5, 2.0)


def test_the_demo_reports_this_year_on_the_page_and_in_both_files(client, shared_demo):
    """The demo's real mix of data, in Japanese: no error, the sections' titles everywhere."""
    client.force_login(secretariat())
    with translation.override("ja"):
        text = client.get(reverse("yearly_report")).content.decode()
        workbook = client.get(reverse("yearly_report_xlsx"))
        printout = client.get(reverse("yearly_report_pdf"))
    for title in ("会員", "イベントと参加者", "フードドライブ", "ボランティアと活動時間"):
        assert title in text
    assert workbook.status_code == printout.status_code == 200
    from openpyxl import load_workbook

    titles = [s.title for s in load_workbook(io.BytesIO(workbook.content)).worksheets]
    assert titles[0] == "総括" and "フードドライブ" in titles
    assert "イベントと参加者" in pdf_text(printout.content)


def test_a_sections_numbers_are_drawn_as_the_dashboards_chart_in_the_pdf(db):
    """A section with numbers gets the bars of this 年度 against the previous one; one with
    words only gets none."""
    from cms.reports import files

    counted = yearly.Section("events", "イベント", [yearly.Figure("開催", 3, 2, "件")])
    words = yearly.Section("events", "イベント", [yearly.Figure("開催", "なし", "なし")])
    with_chart = files.printout("報告", "飯山市", [counted], 2026)
    assert len(with_chart) > len(files.printout("報告", "飯山市", [words], 2026)) + 1000
    assert "開催" in pdf_text(with_chart)


def test_the_sections_count_the_platforms_the_user_may_read_only(two):
    from cms.reports.queries import report_platforms

    def sections_for(user):
        ids = tuple(report_platforms(user).values_list("pk", flat=True))
        return {s.key: s for s in yearly.sections(yearly.Scope(2025, ids))} if ids else {}

    from django.utils import translation

    with translation.override("ja"):
        events = sections_for(secretariat())["events"].tables[0]
    assert "申込者数" in events.header  # a count, not the 申込日時 of a registration
    titles = [row[1] for row in events.rows]
    assert "飯山の交流会" in titles and "長野県の研修会" not in titles
    assert sections_for(trainer()) == {}


def test_the_page_costs_the_same_queries_for_one_event_or_many(client, two):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(secretariat())
    page(client)
    with CaptureQueriesContext(connection) as one:
        page(client)
    for n in range(3):
        held_event(f"追加の交流会{n}", LAST_MINUTE, people=2)
    page(client)  # the platform map, dropped when pages are published, read again
    with CaptureQueriesContext(connection) as many:
        text = page(client)
    assert "追加の交流会2" in text
    assert len(many) == len(one)
