"""The roles of DESIGN.md are groups that the migrations make with exactly their permissions
(`cms.core.roles`); applying them again, on a database that already has such groups, changes
nothing but what differs from the table; Wagtail's Editors and Moderators keep their page
rights and lose every right on personal data."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowTask,
)

from cms.core import platform as platforms
from cms.core import roles
from cms.directory.members.services import MEMBER_WORKFLOW

pytestmark = pytest.mark.django_db


def latest_roles_migration():
    """The last migration of cms.core that applies a copy of the roles table."""
    folder = Path(importlib.import_module("cms.core.migrations").__file__).parent
    for name in sorted((path.stem for path in folder.glob("0*.py")), reverse=True):
        module = importlib.import_module(f"cms.core.migrations.{name}")
        if hasattr(module, "ROLES"):
            return module
    raise LookupError("no migration applies the roles")


MIGRATION = latest_roles_migration()


def held(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def page_rights(group):
    return sorted(
        GroupPagePermission.objects.filter(group=group).values_list(
            "page__depth", "permission__codename"
        )
    )


def test_the_latest_roles_migration_applies_the_table_that_the_code_holds():
    """A change to the roles in code needs a new migration with its frozen copy."""
    assert MIGRATION.ROLES == roles.ROLES
    assert MIGRATION.PERSONAL_DATA == roles.PERSONAL_DATA


def test_every_role_is_a_group_of_the_default_platform_with_exactly_its_permissions():
    """Its rights on pages are on the default site's home in every language, its rights on
    images and documents on the default platform's collection; the prefecture's role is only
    a prefecture's platform's."""
    platform = platforms.default()
    home = platform.site.root_page
    homes = Page.objects.filter(translation_key=home.translation_key, depth=2)
    assert homes.count() == 2
    for name, role in roles.ROLES.items():
        if role.get("kinds") and platform.kind not in role["kinds"]:
            assert not Group.objects.filter(name=name).exists(), name
            continue
        group = Group.objects.get(name=name)
        assert group.platform_role.platform == platform
        assert held(group) == set(role["permissions"]), name
        assert sorted(
            GroupPagePermission.objects.filter(group=group).values_list(
                "page", "permission__codename"
            )
        ) == sorted((page.pk, codename) for page in homes for codename in role["pages"])
        collections = GroupCollectionPermission.objects.filter(group=group)
        assert {right.collection_id for right in collections} <= {platform.collection_id}
        assert {
            f"{p.permission.content_type.app_label}.{p.permission.codename}" for p in collections
        } == set(role["collections"])


def test_wagtails_default_groups_keep_their_pages_and_nothing_about_people():
    for name in roles.WAGTAIL_DEFAULT_GROUPS:
        group = Group.objects.get(name=name)
        assert "wagtailadmin.access_admin" in held(group)
        assert "change_page" in {codename for _depth, codename in page_rights(group)}
        models = {
            f"{p.content_type.app_label}.{p.content_type.model}" for p in group.permissions.all()
        }
        assert not models & set(roles.PERSONAL_DATA)


def test_applying_again_on_groups_with_other_rights_leaves_exactly_the_table():
    trainers = Group.objects.get(name=roles.TRAINERS)
    trainers.permissions.add(Permission.objects.get(codename="view_registration"))
    moderators = Group.objects.get(name="Moderators")
    moderators.permissions.add(
        Permission.objects.get(codename="view_registration"),
        Permission.objects.get(codename="view_pledge"),
        Permission.objects.get(codename="add_sponsor"),
    )
    pages_before = page_rights(moderators)
    secretariat_pages = page_rights(Group.objects.get(name=roles.SECRETARIAT))

    for _ in range(2):
        roles.apply_roles(apps, roles.ROLES, roles.PERSONAL_DATA)

    assert held(trainers) == {"wagtailadmin.access_admin"}
    assert "events.view_registration" not in held(moderators)
    assert "fooddrives.view_pledge" not in held(moderators)
    assert "sponsors.add_sponsor" in held(moderators)  # not personal data: left as it was
    assert page_rights(moderators) == pages_before
    assert page_rights(Group.objects.get(name=roles.SECRETARIAT)) == secretariat_pages
    municipality_roles = [name for name, role in roles.ROLES.items() if not role.get("kinds")]
    assert Group.objects.filter(name__in=roles.ROLES).count() == len(municipality_roles)


def test_the_migration_lets_the_secretariat_approve_members_pages():
    moderators = Group.objects.get(name="Moderators")
    workflow = Workflow.objects.create(name=MEMBER_WORKFLOW)
    task = GroupApprovalTask.objects.create(name="事務局の確認")
    task.groups.set([moderators])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)

    importlib.import_module("cms.core.migrations.0006_roles").apply(apps, None)

    assert set(task.groups.values_list("name", flat=True)) == {"Moderators", roles.SECRETARIAT}
