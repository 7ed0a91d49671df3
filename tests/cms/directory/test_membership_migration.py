"""The migration that takes tier, status and the last-confirmed date off the profile page
(directory 0011-0013) keeps every organisation's values, in one membership per organisation,
and takes them out of the page's revisions; backwards, it puts them back."""

import datetime
from importlib import import_module

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Locale

from cms.directory.members.models import Membership, MembershipTier
from cms.directory.models import MemberOrganisationIndexPage, MemberOrganisationPage
from cms.home.services import ensure_site
from tests.platforms import default_platform

# Migrating back and forth takes one to two minutes a database and grows with every migration:
# on PostgreSQL only, the production database (CI's PostgreSQL run). The SQLite upgrade test
# (tests/production/test_upgrade.py) still runs every migration forward on SQLite's tables.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BEFORE = ("directory", "0011_membership")
FIELDS = ("tier", "status", "last_confirmed_on")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target or executor.loader.graph.leaf_nodes())
    return executor


def profile(index, title):
    page = index.add_child(
        instance=MemberOrganisationPage(title=title, name_kana="だんたい", organisation_type="npo")
    )
    page.save_revision().publish()
    return page


def test_each_organisation_gets_one_membership_with_its_values_and_revisions_lose_them():
    home = ensure_site()
    index = home.add_child(instance=MemberOrganisationIndexPage(title="参画団体", slug="members"))
    index.save_revision().publish()
    tier = MembershipTier.objects.create(platform=default_platform(), name="幹事団体")
    shakyo = profile(index, "社会福祉協議会")
    english = shakyo.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    left = profile(index, "退会した団体")
    Membership.objects.filter(page=shakyo).update(
        tier=tier, status="paused", last_confirmed_on=datetime.date(2026, 4, 1)
    )
    Group.objects.get_or_create(name="Moderators")
    holder = get_user_model().objects.create_user("holder")
    holder.user_permissions.add(Permission.objects.get(codename="manage_membership"))

    # Backwards, the values go back onto every translation and into the revisions.
    executor = migrate([BEFORE])
    old = executor.loader.project_state(
        ("directory", "0012_membership_from_profiles"), at_end=False
    ).apps
    OldPage = old.get_model("directory", "MemberOrganisationPage")
    OldMembership = old.get_model("directory", "Membership")
    OldRevision = old.get_model("wagtailcore", "Revision")
    for pk in (shakyo.pk, english.pk):
        assert OldPage.objects.filter(pk=pk).values(*FIELDS).get() == {
            "tier": tier.pk,
            "status": "paused",
            "last_confirmed_on": datetime.date(2026, 4, 1),
        }
        revision = OldRevision.objects.filter(object_id=str(pk)).latest("pk")
        assert revision.content["status"] == "paused"
        assert revision.content["last_confirmed_on"] == "2026-04-01"
    holder = get_user_model().objects.get(pk=holder.pk)
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
        assert not set(FIELDS) & set(revision.content), revision.object_id
    permission = Permission.objects.get(codename="manage_membership")
    assert permission.content_type.model == "membership"
    assert Group.objects.get(name="Moderators").permissions.filter(pk=permission.pk).exists()

    # The rest of the migration keeps them (running step 2 again changes nothing).
    migrate(None)
    assert Membership.objects.count() == 2
    assert Membership.objects.get(page=shakyo).status == Membership.Status.PAUSED
    assert Membership.objects.for_page(english).get().tier == tier
    assert Membership.objects.get(page=left).status == Membership.Status.LEFT
    holder = get_user_model().objects.get(pk=holder.pk)
    assert holder.has_perm("directory.manage_membership")
    assert MemberOrganisationPage.objects.get(pk=left.pk).live
