"""Migration events 0014 gives every existing imported calendar the platform of its event
index (issue 18): an installation of one platform migrates in place, and a source already
listed on a second site's index stays with that site."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import CalendarSource
from tests.events.conftest import make_index
from tests.platforms import default_platform, other_platform

# Migrating back and forth takes one to two minutes a database and grows with every migration:
# on PostgreSQL only, the production database (CI's PostgreSQL run). The SQLite upgrade test
# (tests/production/test_upgrade.py) still runs every migration forward on SQLite's tables.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BEFORE = [("events", "0013_session_ends_at_index_for_feed_etags")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets, at_end=True).apps if targets else None


def test_existing_sources_get_the_platform_of_their_index():
    iiyama, nagano = default_platform(), other_platform()
    ours, theirs = make_index(), make_index(nagano.site.root_page)

    old = migrate(BEFORE)
    Source = old.get_model("events", "CalendarSource")
    for name, index in (("飯山社協", ours), ("長野NPO", theirs)):
        Source.objects.create(name=name, url="https://example.jp/cal.ics", index_id=index.pk)

    migrate(None)
    assert dict(CalendarSource.objects.values_list("name", "platform")) == {
        "飯山社協": iiyama.pk,
        "長野NPO": nagano.pk,
    }
