"""The people who log in, each in the group of their role as the migration makes it
(`cms.core.roles`), for permission tests per role: the secretariat (事務局), a member
organisation's editor (edits its own profile only), a trainer, a volunteer coordinator, the
food-drive desk, the data-protection officer, and Wagtail's own Editors and Moderators.

Transactional tests flush the groups that the migrations made: a helper makes them again as
the migration does."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupPagePermission, Page

from cms.core import roles
from cms.directory.members.services import members_group
from cms.directory.models import MemberOrganisationIndexPage, MemberOrganisationPage
from cms.home.services import ensure_site


def role_group(name):
    """The group of a role of `cms.core.roles` (or Wagtail's Editors and Moderators)."""
    group = Group.objects.filter(name=name).first()
    if group is None:
        ensure_site()
        if Collection.get_first_root_node() is None:
            Collection.add_root(name="Root")
        if name in roles.WAGTAIL_DEFAULT_GROUPS:
            _wagtail_default_group(name)
        roles.apply_roles(apps, roles.ROLES, roles.PERSONAL_DATA)
        group = Group.objects.get(name=name)
    return group


def _wagtail_default_group(name):
    """As Wagtail's first migrations make it: admin access and page rights on every page
    (Moderators also publish)."""
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    actions = ("add_page", "change_page", "publish_page")
    for action in actions if name == "Moderators" else actions[:2]:
        GroupPagePermission.objects.create(
            group=group,
            page=Page.get_first_root_node(),
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=action
            ),
        )


def in_role(username, name):
    user = get_user_model().objects.create_user(username, password="x")
    user.groups.add(role_group(name))
    return user


def member_editor(username="member"):
    """As `approve_application` makes them: may change its own profile page, nothing else."""
    home = ensure_site()
    index = MemberOrganisationIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=MemberOrganisationIndexPage(title="参画団体", slug="members")
        )
    profile = index.add_child(
        instance=MemberOrganisationPage(
            title=f"NPO {username}",
            slug=f"npo-{username}",
            name_kana="えぬぴーおー",
            organisation_type="npo",
        )
    )
    group = Group.objects.create(name=f"参画団体 {username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=profile, permission_type="change")
    role_group(roles.MEMBERS)
    user = get_user_model().objects.create_user(username, password="x")
    user.groups.add(group, members_group())
    return user


def trainer(username="trainer", course=None):
    user = in_role(username, roles.TRAINERS)
    if course is not None:
        course.trainers.add(user)
        course.save()  # a cluster relation: saved with the course
    return user


def secretariat(username="secretariat"):
    """事務局: edits and publishes every page, approves members, runs events, food drives,
    shifts and courses, exports reports."""
    return in_role(username, roles.SECRETARIAT)


def coordinator(username="coordinator"):
    return in_role(username, roles.COORDINATORS)


def food_drive_desk(username="desk"):
    return in_role(username, roles.FOOD_DRIVE_DESK)


def data_protection_officer(username="dpo"):
    return in_role(username, roles.DATA_PROTECTION)


def editor(username="editor"):
    """In Wagtail's Editors group: edits every page, and nothing about people."""
    return in_role(username, "Editors")


def moderator(username="moderator"):
    """In Wagtail's Moderators group: edits and publishes every page, and nothing about
    people."""
    return in_role(username, "Moderators")
