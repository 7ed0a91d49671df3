"""The migration that gives personal-data requests an open state keeps the rows logged before
it: each was handled when it was logged, so it is done, received and handled that day (Tokyo)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cms.people.models import DataRequest
from tests.platforms import default_platform

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("people", "0012_my_page_mail")]
# 23:30 on 31 March in UTC is 08:30 on 1 April in Tokyo
WHEN = datetime(2026, 3, 31, 23, 30, tzinfo=ZoneInfo("UTC"))


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets, at_end=True).apps if targets else None


def test_requests_logged_before_stay_done_with_their_tokyo_day():
    platform = default_platform()
    old = migrate(BEFORE)
    model = old.get_model("people", "DataRequest")
    row = model.objects.create(platform_id=platform.pk, kind="erasure", people=2)
    model.objects.filter(pk=row.pk).update(created_at=WHEN)

    migrate(None)
    logged = DataRequest.objects.get(pk=row.pk)
    assert logged.state == DataRequest.State.DONE
    assert (logged.kind, logged.people, logged.handled_at) == ("erasure", 2, WHEN)
    assert logged.received_on == logged.due_on == date(2026, 4, 1)
    assert DataRequest._meta.get_field("state").default == DataRequest.State.OPEN
