"""Member approval per platform, both ways: a member page of 長野県 waits for 長野県's
secretariat, is listed for it only and cannot be approved by 飯山市's; member accounts and
members' meetings use their own platform's groups."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import TaskState

from cms.core import roles
from cms.directory.members.services import (
    apply_for_membership,
    approve_application,
    moderation_workflow,
)
from cms.directory.models import MemberOrganisationIndexPage
from cms.home.platforms import create_platform
from tests.platforms import default_platform, other_platform, staff_of

pytestmark = pytest.mark.django_db


def member_index(platform):
    page = MemberOrganisationIndexPage(title="参画団体", slug="members")
    platform.site.root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def submitted_profile(platform, name):
    """A member of `platform`, approved, whose profile is submitted for moderation."""
    boss = get_user_model().objects.filter(is_superuser=True).first() or (
        get_user_model().objects.create_superuser("boss", "boss@example.jp", "pw")
    )
    application, _ = apply_for_membership(
        site=platform.site,
        organisation_name=name,
        organisation_name_kana="だんたい",
        organisation_type="npo",
        representative_role="代表",
        contact_name="担当",
        contact_email=f"{platform.slug}@example.jp",
        description="活動しています。",
    )
    application = approve_application(application, by=boss)
    page = application.profile_page.specific
    state = page.get_workflow().start(page, application.account)
    return page, application.account, state.current_task_state


@pytest.fixture
def two():
    iiyama, nagano = default_platform(), other_platform()
    member_index(iiyama)
    member_index(nagano)
    return {
        "iiyama": iiyama,
        "nagano": nagano,
        "iiyama_staff": staff_of(iiyama, roles.SECRETARIAT, "iiyama-secretariat"),
        "nagano_staff": staff_of(nagano, roles.SECRETARIAT, "nagano-secretariat"),
    }


@pytest.mark.parametrize("own,other", [("nagano", "iiyama"), ("iiyama", "nagano")])
def test_a_member_page_waits_for_its_own_platforms_secretariat_only(client, two, own, other):
    page, _account, task_state = submitted_profile(two[own], f"{own}の会")
    task = task_state.task.specific
    assert page.get_workflow() == moderation_workflow(two[own])
    assert page.get_workflow() != moderation_workflow(two[other])
    assert set(task.groups.all()) >= {roles.group_of(two[own], roles.SECRETARIAT)}
    assert roles.group_of(two[other], roles.SECRETARIAT) not in task.groups.all()

    assert task_state in TaskState.objects.reviewable_by(two[f"{own}_staff"])
    assert task_state not in TaskState.objects.reviewable_by(two[f"{other}_staff"])
    assert "approve" in [name for name, *_ in task.get_actions(page, two[f"{own}_staff"])]
    assert task.get_actions(page, two[f"{other}_staff"]) == []

    # The other platform's secretariat cannot approve it through the admin either.
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    client.force_login(two[f"{other}_staff"])
    client.post(url, {"comment": ""})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert not page.live


def test_a_member_account_joins_its_own_platforms_members_group(two):
    _page, account, _state = submitted_profile(two["nagano"], "長野の会")
    groups = set(account.groups.all())
    assert roles.group_of(two["nagano"], roles.MEMBERS) in groups
    assert roles.group_of(two["iiyama"], roles.MEMBERS) not in groups


def test_each_platforms_workflow_is_made_once_and_found_again(two):
    nagano_workflow = moderation_workflow(two["nagano"])
    assert moderation_workflow(two["nagano"]) == nagano_workflow
    assert nagano_workflow.name == "参画団体の掲載内容の確認（nagano）"
    assert moderation_workflow(two["iiyama"]).name == "参画団体の掲載内容の確認"


def test_a_new_platform_has_its_member_index_moderated_by_its_secretariat(two):
    platform = create_platform("omachi", hostname="omachi.localhost", name="大町市")
    index = MemberOrganisationIndexPage.objects.get(
        pk__in=platform.site.root_page.get_children().values("pk")
    )
    workflow = index.get_workflow()
    task = workflow.workflow_tasks.get().task.specific
    assert list(task.groups.all()) == [roles.group_of(platform, roles.SECRETARIAT)]


def test_a_members_meeting_is_restricted_to_its_own_platforms_members(two):
    from events.services.meetings import _meeting_groups, members_collection

    groups = set(_meeting_groups(two["nagano"]))
    assert groups == {
        roles.group_of(two["nagano"], roles.MEMBERS),
        roles.group_of(two["nagano"], roles.SECRETARIAT),
    }
    collection = members_collection(two["nagano"])
    restriction = collection.view_restrictions.get()
    assert set(restriction.groups.all()) == groups


def test_the_migration_gives_an_existing_platforms_member_index_its_own_workflow(two):
    from importlib import import_module

    from django.apps import apps
    from wagtail.models import Workflow, WorkflowPage

    shared = moderation_workflow(two["iiyama"])
    nagano_index = MemberOrganisationIndexPage.objects.get(
        pk__in=two["nagano"].site.root_page.get_children().values("pk")
    )
    iiyama_index = MemberOrganisationIndexPage.objects.exclude(pk=nagano_index.pk).get()
    for index in (nagano_index, iiyama_index):  # as before: one workflow for all
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": shared})

    migration = import_module("cms.directory.migrations.0016_workflow_per_platform")
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # once is enough: the second changes nothing

    def workflow_of(index):
        return MemberOrganisationIndexPage.objects.get(pk=index.pk).get_workflow()

    assert workflow_of(iiyama_index) == shared
    nagano_workflow = workflow_of(nagano_index)
    assert nagano_workflow != shared
    task = nagano_workflow.workflow_tasks.get().task.specific
    assert list(task.groups.all()) == [roles.group_of(two["nagano"], roles.SECRETARIAT)]
    # and the service finds the workflow the migration made
    assert moderation_workflow(two["nagano"]) == nagano_workflow
    assert Workflow.objects.filter(name__startswith="参画団体").count() == 2
