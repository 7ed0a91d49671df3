"""Several platforms in one installation (issue 18): each platform's lists and calendars show
its own events only, both ways; a prefecture's show its municipalities' public events too,
each naming its platform; calendar UIDs stay as they were and never clash; imported calendars
and every staff screen of events belong to one platform."""

import re
from datetime import timedelta

import icalendar
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from cms.core import platform as core_platform
from cms.core.models import PlatformRole
from cms.core.roles import SECRETARIAT, TRAINERS
from cms.people.models import Qualification
from events import services
from events.courses.models import TrainingCourse
from events.models import CalendarSource, EventPage, ImportedEvent
from tests.events.conftest import make_event, make_index
from tests.platforms import OTHER_HOST, default_platform, other_platform, staff_of
from tests.roles import secretariat

pytestmark = pytest.mark.django_db

UID = re.compile(r"^event-session-[0-9a-f-]{36}@" + re.escape(settings.ICAL_UID_DOMAIN) + "$")


@pytest.fixture
def iiyama(db):
    return default_platform()


@pytest.fixture
def nagano(iiyama):
    return other_platform()


@pytest.fixture
def ours(iiyama):
    return make_event("飯山の交流会")


@pytest.fixture
def theirs(nagano):
    return make_event("長野の研修会", index=make_index(nagano.site.root_page))


@pytest.fixture
def prefecture(iiyama, nagano):
    """長野県 hosts 飯山市."""
    return other_platform(prefecture_of=iiyama)


def secretariat_of(platform, username=None):
    """The secretariat of a platform: the role's own group for the default platform (held
    for it since the migration), a group of its own for another."""
    username = username or f"secretariat-{platform.slug}"
    if platform.site.is_default_site:
        return secretariat(username)
    return staff_of(platform, SECRETARIAT, username)


def feed(client, host=None, path="/calendar.ics", **headers):
    extra = {"HTTP_HOST": host} if host else {}
    return client.get(path, **extra, headers=headers)


def entries(response):
    assert response.status_code == 200, response.status_code
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def listing(client, host=None, query=""):
    extra = {"HTTP_HOST": host} if host else {}
    response = client.get(f"/ja/events/{query}", **extra)
    assert response.status_code == 200
    return response.content.decode()


# Public lists and feeds ---------------------------------------------------------------------


def test_each_platform_lists_and_feeds_only_its_own_events_both_ways(client, ours, theirs):
    assert "飯山の交流会" in listing(client)
    assert "長野の研修会" not in listing(client)
    assert "長野の研修会" in listing(client, OTHER_HOST)
    assert "飯山の交流会" not in listing(client, OTHER_HOST)
    assert set(entries(feed(client))) == {"飯山の交流会"}
    assert set(entries(feed(client, OTHER_HOST))) == {"長野の研修会"}
    assert set(entries(feed(client, path="/ja/calendar.ics"))) == {"飯山の交流会"}
    assert set(entries(feed(client, OTHER_HOST, "/ja/calendar.ics"))) == {"長野の研修会"}


def test_a_change_on_one_platform_is_not_served_stale_on_it_and_leaves_the_other_a_304(
    client, ours, theirs
):
    mine, other = feed(client), feed(client, OTHER_HOST)
    assert mine["ETag"] != other["ETag"]
    page = EventPage.objects.get(pk=ours.pk)
    page.title = "飯山の交流会（会場変更）"
    page.save_revision().publish()
    assert feed(client, OTHER_HOST, **{"If-None-Match": other["ETag"]}).status_code == 304
    changed = feed(client, **{"If-None-Match": mine["ETag"]})
    assert set(entries(changed)) == {"飯山の交流会（会場変更）"}
    # And the other way round.
    mine = changed
    page = EventPage.objects.get(pk=theirs.pk)
    page.title = "長野の研修会（満席）"
    page.save_revision().publish()
    assert feed(client, **{"If-None-Match": mine["ETag"]}).status_code == 304
    assert set(entries(feed(client, OTHER_HOST, **{"If-None-Match": other["ETag"]}))) == {
        "長野の研修会（満席）"
    }


def test_the_home_page_shows_only_its_platforms_upcoming_events(client, ours, theirs):
    home = client.get("/ja/").content.decode()
    other = client.get("/ja/", HTTP_HOST=OTHER_HOST).content.decode()
    assert "飯山の交流会" in home and "長野の研修会" not in home
    assert "長野の研修会" in other and "飯山の交流会" not in other


# A prefecture's calendar and list ----------------------------------------------------------


def test_a_prefectures_calendar_has_its_municipalities_events_naming_their_platform(
    client, iiyama, ours, theirs, prefecture
):
    municipality = core_platform.platform_name(iiyama)
    own = entries(feed(client))
    shared = entries(feed(client, OTHER_HOST))
    assert set(shared) == {"飯山の交流会", "長野の研修会"}
    guest = shared["飯山の交流会"]
    assert municipality in str(guest["description"])
    assert str(guest["url"]).startswith(core_platform.base_url(iiyama) + "/")
    assert str(guest["uid"]) == str(own["飯山の交流会"]["uid"])
    assert municipality not in str(shared["長野の研修会"]["description"])
    # The municipality's own calendar (its fragments cached apart) names no platform, and
    # never shows the prefecture's events.
    again = entries(feed(client))
    assert set(again) == {"飯山の交流会"}
    assert municipality not in str(again["飯山の交流会"]["description"])
    assert str(again["飯山の交流会"]["url"]) == str(own["飯山の交流会"]["url"])


def test_a_municipalitys_change_moves_its_prefectures_feed(client, ours, theirs, prefecture):
    shared = feed(client, OTHER_HOST)
    page = EventPage.objects.get(pk=ours.pk)
    page.title = "飯山の交流会（中止）"
    page.save_revision().publish()
    again = feed(client, OTHER_HOST, **{"If-None-Match": shared["ETag"]})
    assert "飯山の交流会（中止）" in entries(again)


def test_a_prefectures_list_names_the_platforms_and_filters_by_municipality(
    client, iiyama, ours, theirs, prefecture
):
    municipality = core_platform.platform_name(iiyama)
    page = listing(client, OTHER_HOST)
    assert "長野の研修会" in page and "飯山の交流会" in page
    assert page.count('class="event-platform"') == 1
    assert municipality in page
    assert f'<option value="{iiyama.slug}"' in page
    only = listing(client, OTHER_HOST, f"?municipality={iiyama.slug}")
    assert "飯山の交流会" in only and "長野の研修会" not in only
    assert f"municipality={iiyama.slug}" in only  # the feed link follows the filter
    filtered = entries(feed(client, OTHER_HOST, f"/ja/events/calendar/?municipality={iiyama.slug}"))
    assert set(filtered) == {"飯山の交流会"}
    # Nonsense is ignored; the municipality's own list stays its own.
    assert "長野の研修会" in listing(client, OTHER_HOST, "?municipality=%E2%80%AE")
    assert "長野の研修会" not in listing(client)
    assert 'name="municipality"' not in listing(client)


# UIDs ---------------------------------------------------------------------------------------


def test_uids_keep_their_format_and_never_clash_across_platforms(client, ours):
    before = str(entries(feed(client))["飯山の交流会"]["uid"])
    assert UID.match(before)
    nagano = other_platform()
    make_event("長野の研修会", index=make_index(nagano.site.root_page))
    other_platform(prefecture_of=default_platform())
    assert str(entries(feed(client))["飯山の交流会"]["uid"]) == before
    shared = entries(feed(client, OTHER_HOST))
    assert str(shared["飯山の交流会"]["uid"]) == before
    uids = [str(entry["uid"]) for entry in shared.values()]
    assert len(set(uids)) == 2 and all(UID.match(uid) for uid in uids)


# Imported calendars --------------------------------------------------------------------------


def make_source(index, name):
    source = CalendarSource.objects.create(
        name=name, url="https://example.jp/cal.ics", index=index, publish_directly=True
    )
    now = timezone.now()
    ImportedEvent.objects.create(
        source=source,
        uid=f"{name}@example.jp",
        title=f"{name}の予定",
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=1),
        live=True,
    )
    return source


def test_a_calendar_source_belongs_to_its_indexs_platform_and_its_events_stay_there(
    client, iiyama, nagano
):
    mine = make_source(make_index(), "飯山社協")
    other = make_source(make_index(nagano.site.root_page), "長野NPO")
    assert (mine.platform, other.platform) == (iiyama, nagano)
    assert set(entries(feed(client))) == {"飯山社協の予定"}
    assert set(entries(feed(client, OTHER_HOST))) == {"長野NPOの予定"}
    assert "長野NPOの予定" not in listing(client)
    assert "飯山社協の予定" not in listing(client, OTHER_HOST)


def test_a_prefectures_list_and_calendars_hold_its_municipalities_imported_events_named(
    client, iiyama, nagano, prefecture
):
    municipality = core_platform.platform_name(iiyama)
    make_source(make_index(), "飯山社協")
    make_source(make_index(nagano.site.root_page), "長野NPO")
    page = listing(client, OTHER_HOST)
    assert "飯山社協の予定" in page and "長野NPOの予定" in page
    assert page.count('class="event-platform"') == 1 and municipality in page
    only = listing(client, OTHER_HOST, f"?municipality={iiyama.slug}")
    assert "飯山社協の予定" in only and "長野NPOの予定" not in only
    month = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m")
    grid = listing(client, OTHER_HOST, f"?view=calendar&month={month}")
    assert "飯山社協の予定" in grid and municipality in grid
    for path in ("/calendar.ics", "/ja/events/calendar/"):
        shared = entries(feed(client, OTHER_HOST, path))
        assert set(shared) == {"飯山社協の予定", "長野NPOの予定"}, path
        assert municipality in str(shared["飯山社協の予定"]["description"])
        assert municipality not in str(shared["長野NPOの予定"]["description"])
    # The municipality's own list and calendar hold its own only, and name no platform.
    assert "長野NPOの予定" not in listing(client)
    own = entries(feed(client))
    assert set(own) == {"飯山社協の予定"}
    assert municipality not in str(own["飯山社協の予定"]["description"])
    filtered = entries(feed(client, OTHER_HOST, f"/ja/events/calendar/?municipality={iiyama.slug}"))
    assert set(filtered) == {"飯山社協の予定"}


def test_staff_list_and_open_only_their_platforms_sources_and_imported_events(
    client, iiyama, nagano
):
    mine = make_source(make_index(), "飯山社協")
    other = make_source(make_index(nagano.site.root_page), "長野NPO")
    client.force_login(secretariat_of(iiyama))
    sources = client.get(reverse("calendar_sources:index"), follow=True).content.decode()
    assert "飯山社協" in sources and "長野NPO" not in sources

    def status(name, pk):
        return client.get(reverse(f"calendar_sources:{name}", args=[pk]), follow=True).status_code

    assert status("edit", mine.pk) == 200
    assert status("edit", other.pk) == 404
    assert status("delete", other.pk) == 404
    theirs = other.imported_events.get()
    listed = client.get(
        reverse("wagtailsnippets_events_importedevent:list"), follow=True
    ).content.decode()
    assert "飯山社協の予定" in listed and "長野NPOの予定" not in listed
    assert "長野NPO" not in listed  # not even as a choice of the source filter
    edit = reverse("wagtailsnippets_events_importedevent:edit", args=[theirs.pk])
    assert client.get(edit, follow=True).status_code == 404
    add = client.get(reverse("calendar_sources:add"), follow=True).content.decode()
    assert f'value="{make_index().pk}"' in add
    assert f'value="{make_index(nagano.site.root_page).pk}"' not in add


REFUSED = (302, 403, 404)  # Wagtail sends a refused admin page back to the dashboard


# Staff screens of events --------------------------------------------------------------------


EVENT_VIEWS = ("registrations", "add", "check_in", "message", "report")


@pytest.mark.parametrize("view", EVENT_VIEWS)
def test_a_secretariat_opens_nothing_of_another_platforms_event_both_ways(
    client, iiyama, nagano, ours, theirs, view
):
    for platform, own, foreign in ((iiyama, ours, theirs), (nagano, theirs, ours)):
        client.force_login(secretariat_of(platform))
        assert client.get(reverse(f"events_admin:{view}", args=[own.pk])).status_code == 200
        refused = client.get(reverse(f"events_admin:{view}", args=[foreign.pk]))
        assert refused.status_code in REFUSED


def test_a_secretariat_exports_nothing_of_another_platforms_event(client, iiyama, theirs):
    client.force_login(secretariat_of(iiyama))
    for name in ("export", "export_xlsx"):
        url = reverse(f"events_admin:{name}", args=[theirs.pk])
        assert client.get(url).status_code in REFUSED


def test_the_yearly_report_counts_only_the_platforms_events(client, iiyama, nagano, ours, theirs):
    for event in (ours, theirs):
        services.register(event, quota=event.quotas.first(), name="つなぐ 花子", email="h@ex.jp")
    client.force_login(secretariat_of(iiyama))
    year = ours.starts_at.year if ours.starts_at.month >= 4 else ours.starts_at.year - 1
    page = client.get(reverse("yearly_report"), {"year": year}).content.decode()
    assert "飯山の交流会" in page and "長野の研修会" not in page


def test_a_prefectures_staff_read_a_municipalitys_event_report_but_change_nothing(
    client, iiyama, ours, prefecture
):
    group = Group.objects.create(name="都道府県担当（nagano）")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_registration"),
    )
    PlatformRole.objects.create(
        group=group, platform=prefecture, role=core_platform.PREFECTURE_STAFF
    )
    user = get_user_model().objects.create_user("prefecture", password="x")
    user.groups.add(group)
    client.force_login(user)
    assert client.get(reverse("events_admin:report", args=[ours.pk])).status_code == 200
    assert client.get(reverse("events_admin:add", args=[ours.pk])).status_code in REFUSED
    assert client.get(reverse("events_admin:message", args=[ours.pk])).status_code in REFUSED


def test_the_courses_admin_and_a_trainer_see_only_their_platforms_courses(
    client, iiyama, nagano, ours, theirs
):
    mine = TrainingCourse.objects.create(
        event=ours,
        qualification=Qualification.objects.create(
            platform=iiyama, name="つながりサポーター", slug="supporter"
        ),
    )
    other = TrainingCourse.objects.create(
        event=theirs,
        qualification=Qualification.objects.create(
            platform=nagano, name="つながりサポーター", slug="supporter"
        ),
    )
    client.force_login(secretariat_of(iiyama))
    listed = client.get(reverse("wagtailsnippets_courses_trainingcourse:list")).content.decode()
    assert "飯山の交流会" in listed and "長野の研修会" not in listed
    edit = "wagtailsnippets_courses_trainingcourse:edit"
    assert client.get(reverse(edit, args=[mine.pk])).status_code == 200
    # (A 404 under /admin/ is sent to its /ja/ address first, by the locale middleware.)
    assert client.get(reverse(edit, args=[other.pk]), follow=True).status_code == 404
    trainer = staff_of(nagano, TRAINERS)
    other.trainers.add(trainer)
    client.force_login(trainer)
    refused = client.get(reverse(edit, args=[mine.pk]), follow=True)
    assert refused.status_code == 404 or "/edit/" not in refused.request["PATH_INFO"]


def test_a_course_cannot_be_set_on_another_platforms_event(iiyama, ours, theirs):
    from wagtail.admin.panels import get_edit_handler

    qualification = Qualification.objects.create(
        platform=iiyama, name="つながりサポーター", slug="supporter"
    )
    form_class = get_edit_handler(TrainingCourse).get_form_class()
    formset = {
        "make_ups-TOTAL_FORMS": "0",
        "make_ups-INITIAL_FORMS": "0",
        "make_ups-MIN_NUM_FORMS": "0",
        "make_ups-MAX_NUM_FORMS": "1000",
    }
    user = secretariat_of(iiyama)
    for event, valid in ((theirs, False), (ours, True)):
        data = {"event": event.pk, "qualification": qualification.pk, **formset}
        form = form_class(instance=TrainingCourse(), for_user=user, data=data)
        assert form.is_valid() is valid, form.errors
        assert valid or "event" in form.errors


# Mails ----------------------------------------------------------------------------------------


def test_an_events_mail_links_to_its_own_platforms_address(run, ours, theirs, nagano):
    from django.core import mail

    for event in (theirs, ours):
        run(
            services.register,
            event,
            quota=event.quotas.first(),
            name="つなぐ 花子",
            email=f"{event.pk}@example.jp",
        )
    links = {
        m.to[0]: re.findall(r"https?://[^\s]+/registration/[^\s]+", m.body) for m in mail.outbox
    }
    theirs_links, ours_links = links[f"{theirs.pk}@example.jp"], links[f"{ours.pk}@example.jp"]
    assert theirs_links and all(
        link.startswith(core_platform.base_url(nagano) + "/") for link in theirs_links
    )
    assert ours_links and all(
        link.startswith(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/") for link in ours_links
    )


def test_one_address_registers_on_each_platform_and_each_registration_is_its_platforms(
    ours, theirs, iiyama, nagano
):
    """The live registration of an address is looked for in the event's registrations only
    (`_live_registration`), and an event is one platform's: a registration on 飯山市 is never
    taken for one on 長野県, nor refused there."""
    made = {}
    for key, event in (("ours", ours), ("theirs", theirs)):
        registration, created = services.register(
            event, quota=event.quotas.first(), name="参加 花子", email="hanako@example.jp"
        )
        assert created
        made[key] = registration
    assert made["ours"].person.platform == iiyama
    assert made["theirs"].person.platform == nagano
    again, created = services.register(
        theirs, quota=theirs.quotas.first(), name="参加 花子", email="HANAKO@example.jp"
    )
    assert not created and again == made["theirs"]
