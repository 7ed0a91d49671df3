"""Migration sponsors 0004 keeps the event sponsorships of before: each keeps its event, sponsor,
role and order, open-ended, and is placed in a tier named after its sponsor's kind (one per
platform), giving money when the sponsor's kind was 協賛 or 助成; the event page still shows it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sponsors.models import Sponsorship, SponsorTier
from tests.events.conftest import make_event
from tests.platforms import default_platform

# Migrating back and forth takes one to two minutes a database and grows with every migration:
# on PostgreSQL only, the production database (CI's PostgreSQL run). The SQLite upgrade test
# (tests/production/test_upgrade.py) still runs every migration forward on SQLite's tables.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BEFORE = [("sponsors", "0002_sponsor_platform")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets, at_end=True).apps if targets else None


def test_event_sponsorships_of_before_keep_their_event_and_get_a_tier(client):
    event = make_event("地域共生シンポジウム", slug="symposium")
    platform = default_platform()
    old = migrate(BEFORE)
    Sponsor = old.get_model("sponsors", "Sponsor")
    OldSponsorship = old.get_model("sponsors", "Sponsorship")
    ja = event.locale_id
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
            event_id=event.pk,
            sponsor=made[name],
            role="特別協賛" if order == 0 else "",
            sort_order=order,
        )

    migrate(None)
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
    html = client.get(event.url).content.decode()
    assert html.index("特別協賛") < html.index("ながの信金") < html.index("飯山市")
