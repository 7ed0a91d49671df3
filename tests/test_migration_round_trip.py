"""The data migrations keep the rows of before, tested in ONE migration round trip.

Migrating the database back and forward again is the slowest thing the suite does (one to two
minutes on PostgreSQL, and growing with every migration), and five tests each did it, going
back to nearly the same place (issue 14: CI time). Here the database goes back once, stopping
on the way where a story looks at what the backward migrations left, to the earliest state any
story needs; it then goes forward, stopping at each story's state of before (in the graph's
order) to make that story's old rows with the historical models of that state, and at last to
the leaves, once; then each story checks what the migrations made of its rows. Each story keeps
its own test, which reports its own outcome.

The stories:

- export logs: the three export logs (events, food drives, volunteers) move into the one
  `core.ExportLog` keeping each row's time, user, count and target; backwards they go back into
  the old tables. With the backfills that give people's and volunteers' records of before the
  default site's platform (people 0010, volunteers 0009), as this story goes back before them.
- memberships: directory 0011-0013 take tier, status and the last-confirmed date off the
  profile page into one membership per organisation and out of the page's revisions;
  backwards, they go back.
- calendar sources: events 0014 gives every imported calendar the platform of its event index.
- sponsors: sponsors 0004 keeps the event sponsorships of before, each placed in a tier named
  after its sponsor's kind.
- data requests: people 0013 makes the requests logged before done, received and handled on
  their day in Tokyo.

All but the last run on PostgreSQL only, the production database (CI's PostgreSQL run): the
SQLite upgrade test (tests/production/test_upgrade.py) still runs every migration forward on
SQLite's tables. On SQLite the round trip holds the data-request story alone, as before.

Platforms are made again on the way forward (core 0009, home 0004): the stories name a
platform by its site, never by a primary key kept from before the round trip. Each story's
hooks run in order until one fails; its test then fails with that error and the round trip
goes on for the others."""

import datetime
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from wagtail.models import Locale

from cms.core.models import ExportLog, Platform
from cms.directory.members.models import Membership, MembershipTier
from cms.directory.models import MemberOrganisationIndexPage, MemberOrganisationPage
from cms.home.services import ensure_site
from cms.people.models import DataRequest, Person, Qualification
from events.models import CalendarSource
from sponsors.models import Sponsorship, SponsorTier
from tests.events.conftest import make_event, make_index
from tests.fooddrives.admin_fixtures import make_drive
from tests.platforms import default_platform, other_platform
from tests.volunteers.conftest import make_opportunity
from volunteers.models import Role, VolunteerOpportunity

pytestmark = pytest.mark.django_db(transaction=True)

TOKYO, UTC = ZoneInfo("Asia/Tokyo"), ZoneInfo("UTC")


# --- The round trip ----------------------------------------------------------------------


def executor():
    """A fresh executor: its loader reads which migrations are applied now."""
    return MigrationExecutor(connection)


def migrate(targets, *, backwards):
    """Migrate to `targets` in one direction only: a step of the round trip that would go the
    other way (a target behind what is applied, or ahead on the way back) is a mistake in the
    order of the stories, not something to do quietly."""
    runner = executor()
    plan = runner.migration_plan(targets)
    wrong = [migration.name for migration, back in plan if back != backwards]
    assert not wrong, f"{targets} would migrate {'forward' if backwards else 'back'}: {wrong}"
    if plan:
        runner.migrate(targets, plan=plan)


def applied_targets(targets):
    """Those of `targets` that are applied: the way back stops only at those (an app already
    behind a target is left where it is, for the way forward)."""
    applied = executor().loader.applied_migrations
    return [target for target in targets if target in applied]


def leaves():
    return executor().loader.graph.leaf_nodes()


def historical_apps():
    """The historical models of the state the database is in: every applied migration, of
    every app (`project_state(targets)` alone would hold only the targets' ancestors)."""
    loader = executor().loader
    graph = loader.graph
    done = {node for node in loader.applied_migrations if node in graph.nodes}
    tips = [
        node
        for node in done
        if not any(child.key in done for child in graph.node_map[node].children)
    ]
    return loader.project_state(tips, at_end=True).apps


def round_trip(stories):
    """Back once (stopping where a story looks on the way), forward once (stopping at each
    story's state of before), then every story's checks at the leaves."""
    for story in stories:
        story.run(story.at_leaves)
    for story in stories:
        if story.back_to:
            migrate(applied_targets(story.back_to), backwards=True)
            story.run(story.on_the_way_back, historical_apps())
    earliest = applied_targets([target for story in stories for target in story.before])
    migrate(earliest, backwards=True)
    for story in stories:
        if story.before:
            migrate(story.before, backwards=False)
            story.run(story.make_old_rows, historical_apps())
    migrate(leaves(), backwards=False)
    cache.clear()  # pages rendered before the round trip
    for story in stories:
        story.run(story.after_migrations)


class Story:
    """One test's part of the round trip: what it makes at the leaves, what it checks on the
    way back, the state whose historical models make its old rows, and its checks after."""

    name = ""
    postgres_only = True
    back_to = ()  # where the way back stops for on_the_way_back
    before = ()  # the state of make_old_rows, on the way forward

    def __init__(self):
        self.error = None

    def run(self, hook, *args):
        if self.error is None:
            try:
                hook(*args)
            except Exception as error:  # reported by this story's test, not the others'
                self.error = error

    def at_leaves(self):
        pass

    def on_the_way_back(self, old):
        pass

    def make_old_rows(self, old):
        pass

    def after_migrations(self):
        pass


def default_site_platform(old):
    """The default site's platform in the historical models `old` (made again on the way)."""
    return old.get_model("core", "Platform").objects.get(site__is_default_site=True)


# --- Export logs (core 0004, events 0009, fooddrives 0004, volunteers 0007) ----------------


class ExportLogs(Story):
    """Every old log row moves into the one log with its time, user and count; backwards, the
    rows go back into the old tables. The records of before platforms (people 0010,
    volunteers 0009 take them back) get the default site's platform."""

    name = "export_logs"
    back_to = before = (
        ("core", "0003_requeue_stalled_mail_schedule"),
        ("events", "0008_questionnaire_token_purpose"),
        ("fooddrives", "0003_desk_submission_keys"),
        ("volunteers", "0006_opportunity_food_drive"),
    )
    OLD_LOGS = (
        ("events", "ExportLog", "event"),
        ("fooddrives", "PledgeExportLog", "drive"),
        ("volunteers", "ExportLog", "opportunity"),
    )
    KINDS = ("registrations", "pledges", "roster")
    WHEN = datetime.datetime(2026, 4, 1, 10, 30, tzinfo=TOKYO)

    def at_leaves(self):
        self.staff = get_user_model().objects.create_user("staff")
        self.targets = [make_event(), make_drive(), make_opportunity()]
        other_platform()  # a second site, not the default one
        # The rows as the forward migrations write them, for the backward ones to move back.
        for rows, (kind, target) in enumerate(zip(self.KINDS, self.targets, strict=True), 1):
            ExportLog.objects.create(
                platform=default_platform(),
                user=self.staff,
                created_at=self.WHEN,
                kind=kind,
                content_type=ContentType.objects.get_for_model(target),
                object_id=str(target.pk),
                target_label=target.title,
                rows=rows,
            )

    def on_the_way_back(self, old):
        for rows, ((app, model, field), target) in enumerate(
            zip(self.OLD_LOGS, self.targets, strict=True), 1
        ):
            log = old.get_model(app, model).objects.get()
            assert (log.user_id, log.rows, log.created_at) == (self.staff.pk, rows, self.WHEN)
            assert getattr(log, f"{field}_id") == target.pk
            log.delete()  # the way forward starts from rows the old code wrote

    def make_old_rows(self, old):
        for rows, ((app, model, field), target) in enumerate(
            zip(self.OLD_LOGS, self.targets, strict=True), 1
        ):
            log = old.get_model(app, model).objects.create(
                **{f"{field}_id": target.pk}, user_id=self.staff.pk, rows=rows
            )
            # created_at is auto_now_add on the old logs: an update sets the time of the past.
            old.get_model(app, model).objects.filter(pk=log.pk).update(created_at=self.WHEN)
        self.unplaced = self.records_without_platform(old)

    def records_without_platform(self, old):
        """People, qualifications, volunteer roles and opportunities as they were before each
        had a platform (the old models), and the opportunity made before: {model of today:
        pks}, for the backfill of people 0010 and volunteers 0009."""
        ja = old.get_model("wagtailcore", "Locale").objects.get(language_code="ja").pk
        person = old.get_model("people", "Person").objects.create(name="移行 花子", email="h@ex.jp")
        qualification = old.get_model("people", "Qualification").objects.create(
            name="つながりサポーター", slug="supporter", locale_id=ja
        )
        role = old.get_model("volunteers", "Role").objects.create(name="受付", locale_id=ja)
        opportunities = old.get_model("volunteers", "VolunteerOpportunity").objects.all()
        return {
            Person: [person.pk],
            Qualification: [qualification.pk],
            Role: [role.pk],
            VolunteerOpportunity: list(opportunities.values_list("pk", flat=True)),
        }

    def after_migrations(self):
        # Every record there was is the default site's platform's (issue 18), not the other's.
        default = Platform.objects.get(site__is_default_site=True)
        assert Platform.objects.count() == 2
        for model, pks in self.unplaced.items():
            assert set(model.objects.filter(pk__in=pks).values_list("platform", flat=True)) == {
                default.pk
            }, model
        logs = {log.kind: log for log in ExportLog.objects.all()}
        assert {kind: (log.target, log.user, log.rows) for kind, log in logs.items()} == {
            "registrations": (self.targets[0], self.staff, 1),
            "pledges": (self.targets[1], self.staff, 2),
            "roster": (self.targets[2], self.staff, 3),
        }
        assert {log.created_at for log in logs.values()} == {self.WHEN}
        assert logs["pledges"].target_label == self.targets[1].title
        assert ExportLog.objects.count() == 3


# --- Memberships (directory 0011-0013) -----------------------------------------------------


class Memberships(Story):
    """Each organisation gets one membership with its values, and the revisions lose them;
    backwards, the values go back onto every translation and into the revisions."""

    name = "memberships"
    back_to = (("directory", "0011_membership"),)
    FIELDS = ("tier", "status", "last_confirmed_on")

    @staticmethod
    def profile(index, title):
        page = index.add_child(
            instance=MemberOrganisationPage(
                title=title, name_kana="だんたい", organisation_type="npo"
            )
        )
        page.save_revision().publish()
        return page

    def at_leaves(self):
        home = ensure_site()
        index = home.add_child(
            instance=MemberOrganisationIndexPage(title="参画団体", slug="members")
        )
        index.save_revision().publish()
        self.tier = MembershipTier.objects.create(platform=default_platform(), name="幹事団体")
        self.shakyo = self.profile(index, "社会福祉協議会")
        self.english = self.shakyo.copy_for_translation(
            Locale.objects.get(language_code="en"), copy_parents=True
        )
        self.english.save_revision().publish()
        self.left = self.profile(index, "退会した団体")
        Membership.objects.filter(page=self.shakyo).update(
            tier=self.tier, status="paused", last_confirmed_on=datetime.date(2026, 4, 1)
        )
        Group.objects.get_or_create(name="Moderators")
        self.holder = get_user_model().objects.create_user("holder")
        self.holder.user_permissions.add(Permission.objects.get(codename="manage_membership"))

    def on_the_way_back(self, old):
        tier, shakyo, english, left = self.tier, self.shakyo, self.english, self.left
        OldPage = old.get_model("directory", "MemberOrganisationPage")
        OldMembership = old.get_model("directory", "Membership")
        OldRevision = old.get_model("wagtailcore", "Revision")
        # Backwards, the values go back onto every translation and into the revisions.
        for pk in (shakyo.pk, english.pk):
            assert OldPage.objects.filter(pk=pk).values(*self.FIELDS).get() == {
                "tier": tier.pk,
                "status": "paused",
                "last_confirmed_on": datetime.date(2026, 4, 1),
            }
            revision = OldRevision.objects.filter(object_id=str(pk)).latest("pk")
            assert revision.content["status"] == "paused"
            assert revision.content["last_confirmed_on"] == "2026-04-01"
        holder = get_user_model().objects.get(pk=self.holder.pk)
        assert holder.has_perm("directory.manage_membership")

        # As the fields were before the migration: on every page, the translation's a stale copy.
        OldMembership.objects.all().delete()
        OldPage.objects.filter(pk=english.pk).update(status="active", tier=None)
        OldPage.objects.filter(pk=left.pk).update(status="left")
        draft = OldRevision.objects.filter(object_id=str(left.pk)).latest("pk")
        draft.content.update(tier=tier.pk, status="active", last_confirmed_on="2024-04-01")
        draft.save()

        migration = import_module("cms.directory.migrations.0012_membership_from_profiles")
        migration.create_memberships(old, None)

        memberships = {m.page_id: m for m in OldMembership.objects.all()}
        assert set(memberships) == {shakyo.pk, left.pk}
        values = memberships[shakyo.pk]
        assert (values.tier_id, values.status, values.last_confirmed_on) == (
            tier.pk,
            "paused",
            datetime.date(2026, 4, 1),
        )
        # the page's live value, not its draft's
        assert memberships[left.pk].status == "left"
        assert memberships[left.pk].tier_id is None
        for revision in OldRevision.objects.all():
            assert not set(self.FIELDS) & set(revision.content), revision.object_id
        permission = Permission.objects.get(codename="manage_membership")
        assert permission.content_type.model == "membership"
        assert Group.objects.get(name="Moderators").permissions.filter(pk=permission.pk).exists()

    def after_migrations(self):
        # The rest of the migration keeps them (running step 2 again changes nothing).
        assert Membership.objects.count() == 2
        assert Membership.objects.get(page=self.shakyo).status == Membership.Status.PAUSED
        assert Membership.objects.for_page(self.english).get().tier == self.tier
        assert Membership.objects.get(page=self.left).status == Membership.Status.LEFT
        holder = get_user_model().objects.get(pk=self.holder.pk)
        assert holder.has_perm("directory.manage_membership")
        assert MemberOrganisationPage.objects.get(pk=self.left.pk).live


# --- Calendar sources (events 0014) --------------------------------------------------------


class CalendarSources(Story):
    """Every existing imported calendar gets the platform of its event index: an installation
    of one platform migrates in place, and a source listed on a second site's index stays with
    that site."""

    name = "calendar_sources"
    before = (("events", "0013_session_ends_at_index_for_feed_etags"),)

    def at_leaves(self):
        iiyama, nagano = default_platform(), other_platform()
        self.sites = {"飯山社協": iiyama.site_id, "長野NPO": nagano.site_id}
        self.indexes = {"飯山社協": make_index(), "長野NPO": make_index(nagano.site.root_page)}

    def make_old_rows(self, old):
        Source = old.get_model("events", "CalendarSource")
        for name, index in self.indexes.items():
            Source.objects.create(name=name, url="https://example.jp/cal.ics", index_id=index.pk)

    def after_migrations(self):
        platform = dict(Platform.objects.values_list("site", "pk"))
        assert dict(CalendarSource.objects.values_list("name", "platform")) == {
            "飯山社協": platform[self.sites["飯山社協"]],
            "長野NPO": platform[self.sites["長野NPO"]],
        }


# --- Sponsors (sponsors 0003-0004) ---------------------------------------------------------


class Sponsors(Story):
    """The event sponsorships of before keep their event, sponsor, role and order, open-ended,
    each in a tier named after its sponsor's kind (one per platform), giving money when the
    kind was 協賛 or 助成; the event page still shows them."""

    name = "sponsors"
    before = (("sponsors", "0002_sponsor_platform"),)

    def at_leaves(self):
        self.event = make_event("地域共生シンポジウム", slug="symposium")

    def make_old_rows(self, old):
        Sponsor = old.get_model("sponsors", "Sponsor")
        OldSponsorship = old.get_model("sponsors", "Sponsorship")
        platform = default_site_platform(old)
        ja = self.event.locale_id
        made = {}
        for name, kind in (
            ("ながの信金", "sponsorship"),
            ("飯山市", "endorsement"),
            ("北信新聞", "endorsement"),
        ):
            made[name] = Sponsor.objects.create(
                platform_id=platform.pk, locale_id=ja, name=name, kind=kind
            )
        for order, name in enumerate(made):
            OldSponsorship.objects.create(
                event_id=self.event.pk,
                sponsor=made[name],
                role="特別協賛" if order == 0 else "",
                sort_order=order,
            )

    def after_migrations(self):
        event = self.event
        rows = {s.sponsor.name: s for s in Sponsorship.objects.select_related("sponsor", "tier")}
        assert set(rows) == {"ながの信金", "飯山市", "北信新聞"}
        for row in rows.values():
            assert row.event_id == event.pk and not row.whole_platform
            assert row.starts_on is None and row.ends_on is None
        assert rows["ながの信金"].tier.name == "協賛" and rows["ながの信金"].support == "money"
        assert rows["飯山市"].tier.name == "後援" and rows["飯山市"].support == ""
        assert rows["飯山市"].tier == rows["北信新聞"].tier  # one tier per kind and platform
        assert list(SponsorTier.objects.values_list("name", flat=True)) == ["協賛", "後援"]
        assert rows["ながの信金"].role == "特別協賛"
        html = Client().get(event.url).content.decode()
        assert html.index("特別協賛") < html.index("ながの信金") < html.index("飯山市")


# --- Data requests (people 0013) -----------------------------------------------------------


class DataRequests(Story):
    """Requests logged before the open state were each handled when logged: done, received
    and handled that day (Tokyo)."""

    name = "data_requests"
    postgres_only = False
    before = (("people", "0012_my_page_mail"),)
    # 23:30 on 31 March in UTC is 08:30 on 1 April in Tokyo
    WHEN = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=UTC)

    def at_leaves(self):
        default_platform()

    def make_old_rows(self, old):
        model = old.get_model("people", "DataRequest")
        row = model.objects.create(
            platform_id=default_site_platform(old).pk, kind="erasure", people=2
        )
        model.objects.filter(pk=row.pk).update(created_at=self.WHEN)
        self.pk = row.pk

    def after_migrations(self):
        logged = DataRequest.objects.get(pk=self.pk)
        assert logged.state == DataRequest.State.DONE
        assert (logged.kind, logged.people, logged.handled_at) == ("erasure", 2, self.WHEN)
        assert logged.received_on == logged.due_on == datetime.date(2026, 4, 1)
        assert DataRequest._meta.get_field("state").default == DataRequest.State.OPEN


# In the order of the way back (memberships stop at directory 0011 before the export logs go
# back further) and of the way forward (events 0013, then sponsors 0002, then people 0012).
STORIES = (Memberships, ExportLogs, CalendarSources, Sponsors, DataRequests)


@pytest.fixture(scope="module")
def outcome(django_db_setup, django_db_blocker):
    """The round trip, once for the module: {story name: its error, or None}. The database is
    left at the leaves; each test, transactional, empties it when it ends (and this fixture
    does when the round trip itself fails, before any test has run)."""
    postgres = connection.vendor == "postgresql"
    stories = [story() for story in STORIES if postgres or not story.postgres_only]
    with django_db_blocker.unblock():
        cache.clear()
        try:
            round_trip(stories)
        except BaseException:
            migrate(leaves(), backwards=False)
            call_command("flush", verbosity=0, interactive=False)
            raise
    return {story.name: story.error for story in stories}


def check(outcome, name):
    if outcome[name] is not None:
        raise outcome[name]


@pytest.mark.postgres
def test_every_old_export_log_row_moves_into_the_one_log_with_its_time_user_and_count(outcome):
    check(outcome, "export_logs")


@pytest.mark.postgres
def test_each_organisation_gets_one_membership_with_its_values_and_revisions_lose_them(outcome):
    check(outcome, "memberships")


@pytest.mark.postgres
def test_existing_calendar_sources_get_the_platform_of_their_index(outcome):
    check(outcome, "calendar_sources")


@pytest.mark.postgres
def test_event_sponsorships_of_before_keep_their_event_and_get_a_tier(outcome):
    check(outcome, "sponsors")


def test_data_requests_logged_before_stay_done_with_their_tokyo_day(outcome):
    check(outcome, "data_requests")
