"""The people who log in, set up as the platform sets them up, for permission tests per role:
a member organisation's editor (edits its own profile only), a trainer (marks their courses),
the secretariat (Wagtail's Moderators group: every page) and a volunteer coordinator."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page

from cms.directory.members.services import members_group
from cms.directory.models import MemberOrganisationIndexPage, MemberOrganisationPage
from cms.home.services import ensure_site


def _user(username, *permissions):
    user = get_user_model().objects.create_user(username, password="x")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *(Permission.objects.get(codename=codename) for codename in permissions),
    )
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
    user = get_user_model().objects.create_user(username, password="x")
    user.groups.add(group, members_group())
    return user


def trainer(username="trainer", course=None):
    user = _user(username)
    if course is not None:
        course.trainers.add(user)
        course.save()  # a cluster relation: saved with the course
    return user


def secretariat(username="secretariat"):
    """In Wagtail's Moderators group, which may edit and publish every page and manage
    memberships. (Transactional tests flush the group that the migrations made; it is made
    again as they make it.)"""
    group, created = Group.objects.get_or_create(name="Moderators")
    if created:
        group.permissions.add(
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(
                content_type__app_label="directory", codename="manage_membership"
            ),
        )
        root = Page.get_first_root_node() or ensure_site().get_parent()
        for permission in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=group,
                page=root,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=permission
                ),
            )
    user = get_user_model().objects.create_user(username, password="x")
    user.groups.add(group)
    return user


def coordinator(username="coordinator"):
    return _user(username, "change_shift")
