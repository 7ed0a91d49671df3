"""The migrations that move the three export logs (events, food drives, volunteers) into the
one `core.ExportLog` keep every row: its time, its user, its count and what was exported;
backwards, the rows go back into the old tables. The same round trip (back before platforms)
tests the backfills that give people's and volunteers' records the default site's platform
(people 0010, volunteers 0009): a second migration round trip would cost the suite's time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cms.core.models import ExportLog, Platform
from cms.people.models import Person, Qualification
from tests.events.conftest import make_event
from tests.fooddrives.admin_fixtures import make_drive
from tests.platforms import other_platform
from tests.volunteers.conftest import make_opportunity
from volunteers.models import Role, VolunteerOpportunity

# Migrating back and forth takes one to two minutes a database and grows with every migration:
# on PostgreSQL only, the production database (CI's PostgreSQL run). The SQLite upgrade test
# (tests/production/test_upgrade.py) still runs every migration forward on SQLite's tables.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BEFORE = [
    ("core", "0003_requeue_stalled_mail_schedule"),
    ("events", "0008_questionnaire_token_purpose"),
    ("fooddrives", "0003_desk_submission_keys"),
    ("volunteers", "0006_opportunity_food_drive"),
]
OLD_LOGS = [
    ("events", "ExportLog", "event"),
    ("fooddrives", "PledgeExportLog", "drive"),
    ("volunteers", "ExportLog", "opportunity"),
]
WHEN = datetime(2026, 4, 1, 10, 30, tzinfo=ZoneInfo("Asia/Tokyo"))


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets, at_end=True).apps if targets else None


def test_every_old_log_row_moves_into_the_one_log_with_its_time_user_and_count():
    staff = get_user_model().objects.create_user("staff")
    targets = [make_event(), make_drive(), make_opportunity()]
    other_platform()  # a second site, not the default one

    old = migrate(BEFORE)
    for rows, ((app, model, field), target) in enumerate(zip(OLD_LOGS, targets, strict=True), 1):
        log = old.get_model(app, model).objects.create(
            **{f"{field}_id": target.pk}, user_id=staff.pk, rows=rows
        )
        # created_at is auto_now_add on the old logs: an update sets the time of the past.
        old.get_model(app, model).objects.filter(pk=log.pk).update(created_at=WHEN)
    # Before platforms (people 0010, volunteers 0009 take them back): the records they fill.
    unplaced = _records_without_platform(old)

    migrate(None)
    # Every record there was is the default site's platform's (issue 18), not the other's.
    default = Platform.objects.get(site__is_default_site=True)
    assert Platform.objects.count() == 2
    for model, pks in unplaced.items():
        assert set(model.objects.filter(pk__in=pks).values_list("platform", flat=True)) == {
            default.pk
        }, model
    logs = {log.kind: log for log in ExportLog.objects.all()}
    assert {kind: (log.target, log.user, log.rows) for kind, log in logs.items()} == {
        "registrations": (targets[0], staff, 1),
        "pledges": (targets[1], staff, 2),
        "roster": (targets[2], staff, 3),
    }
    assert {log.created_at for log in logs.values()} == {WHEN}
    assert logs["pledges"].target_label == targets[1].title

    old = migrate(BEFORE)
    for rows, (app, model, _field) in enumerate(OLD_LOGS, 1):
        log = old.get_model(app, model).objects.get()
        assert (log.user_id, log.rows, log.created_at) == (staff.pk, rows, WHEN)
    migrate(None)
    assert ExportLog.objects.count() == 3


def _records_without_platform(old):
    """People, qualifications, volunteer roles and opportunities as they were
    before each had a platform (the old models), and the opportunity made before: {model of
    today: pks}, for the backfill of people 0010 and volunteers 0009."""
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
