"""Roles per platform: each platform's secretariat, editors and staff hold their rights on their
own platform's pages and collection only, both ways; a prefecture's platform has a read-only
prefecture staff role; an installation of one platform keeps working after the migration that
moved its groups' rights from the root to its home."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupPagePermission, Locale, Page
from wagtail.permissions import policy_registry

from cms.core import platform as platforms
from cms.core import roles
from cms.home.models import StandardPage
from tests.platforms import default_platform, other_platform, staff_of
from tests.roles import editor, moderator

pytestmark = pytest.mark.django_db


def image_policy():
    return policy_registry.get_by_type(get_image_model())


def a_page(platform, slug):
    home = platform.site.root_page
    return home.add_child(instance=StandardPage(title=slug, slug=slug, locale=home.locale))


def can_edit(user, page):
    return page.permissions_for_user(user).can_edit()


def test_each_platforms_secretariat_edits_its_own_pages_only_both_ways():
    iiyama, nagano = default_platform(), other_platform()
    iiyama_page, nagano_page = a_page(iiyama, "iiyama-page"), a_page(nagano, "nagano-page")
    iiyama_staff = staff_of(iiyama, roles.SECRETARIAT, "iiyama-secretariat")
    nagano_staff = staff_of(nagano, roles.SECRETARIAT, "nagano-secretariat")

    assert can_edit(iiyama_staff, iiyama_page) and can_edit(iiyama_staff, iiyama.site.root_page)
    assert not can_edit(iiyama_staff, nagano_page)
    assert not can_edit(iiyama_staff, nagano.site.root_page)
    assert can_edit(nagano_staff, nagano_page)
    assert not can_edit(nagano_staff, iiyama_page)
    # the English home (a sibling of the Japanese one) and what is under it
    english = nagano.site.root_page.get_translation(Locale.objects.get(language_code="en"))
    assert can_edit(nagano_staff, english) and not can_edit(iiyama_staff, english)


def test_the_admin_refuses_another_platforms_page(client):
    iiyama, nagano = default_platform(), other_platform()
    nagano_page = a_page(nagano, "nagano-page")
    iiyama_page = a_page(iiyama, "iiyama-page")
    client.force_login(staff_of(iiyama, roles.SECRETARIAT, "iiyama-secretariat"))
    assert client.get(f"/admin/pages/{iiyama_page.pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{nagano_page.pk}/edit/")
    assert response.status_code in (302, 403)


def test_the_other_platforms_groups_are_named_after_it_and_held_for_it():
    nagano = other_platform()
    group = roles.group_of(nagano, roles.SECRETARIAT)
    assert group.name == "事務局（nagano）"
    assert group.platform_role.platform == nagano
    assert roles.group_of(platforms.default(), roles.SECRETARIAT).name == "事務局"
    # applying the table again makes no second group
    roles.apply_roles(apps, roles.ROLES, roles.PERSONAL_DATA)
    assert Group.objects.filter(name__startswith="事務局").count() == 2


def test_images_go_to_the_platforms_collection_and_stay_out_of_the_others():
    iiyama, nagano = default_platform(), other_platform()
    iiyama_staff = staff_of(iiyama, roles.SECRETARIAT, "iiyama-secretariat")
    nagano_staff = staff_of(nagano, roles.SECRETARIAT, "nagano-secretariat")
    iiyama.refresh_from_db()
    nagano.refresh_from_db()
    assert iiyama.collection != nagano.collection
    assert iiyama.collection.get_parent().depth == 1

    def collections(user, action):
        return set(image_policy().collections_user_has_permission_for(user, action))

    assert collections(iiyama_staff, "add") == {iiyama.collection}
    assert collections(nagano_staff, "add") == {nagano.collection}
    image = get_image_model().objects.create(
        title="長野の写真", file=get_test_image_file(), collection=nagano.collection
    )
    assert image_policy().user_has_permission_for_instance(nagano_staff, "change", image)
    assert not image_policy().user_has_permission_for_instance(iiyama_staff, "change", image)


def test_a_default_platform_editor_edits_every_page_of_its_site_and_none_of_the_other():
    iiyama, nagano = default_platform(), other_platform()
    pages = [a_page(iiyama, "one"), a_page(iiyama, "two")]
    nagano_page = a_page(nagano, "nagano-page")
    for user in (editor(), moderator()):
        for page in platforms.pages_of(iiyama):
            assert can_edit(user, page), page
        assert all(can_edit(user, page) for page in pages)
        assert not can_edit(user, nagano_page)
        assert not can_edit(user, nagano.site.root_page)


def test_a_prefectures_staff_read_and_change_nothing():
    iiyama = default_platform()
    nagano = other_platform(prefecture_of=iiyama)
    staff = staff_of(nagano, platforms.PREFECTURE_STAFF, "prefecture")
    assert staff.has_perm("wagtailadmin.access_admin")
    assert staff.has_perm("directory.view_consultationwindow")
    assert not staff.has_perm("directory.change_consultationwindow")
    assert not staff.has_perm("events.view_registration")
    assert set(platforms.readable_platforms(staff)) == {nagano, iiyama}
    assert not can_edit(staff, a_page(iiyama, "iiyama-page"))
    # a municipality's platform has no such role
    assert not Group.objects.filter(name=platforms.PREFECTURE_STAFF).exists()


def test_the_migration_moves_a_one_platform_installations_rights_to_its_home():
    """As before the migration: the secretariat's page rights on the root page, an image in
    the root collection; afterwards both are the default platform's."""
    iiyama = default_platform()
    staff_of(iiyama, roles.SECRETARIAT, "before")
    secretariat = Group.objects.get(name=roles.SECRETARIAT)
    root = Page.get_first_root_node()
    right = GroupPagePermission.objects.filter(group=secretariat).first()
    GroupPagePermission.objects.filter(group=secretariat).delete()
    GroupPagePermission.objects.create(group=secretariat, page=root, permission=right.permission)
    root_collection = Collection.get_first_root_node()
    image = get_image_model().objects.create(
        title="写真", file=get_test_image_file(), collection=root_collection
    )
    document = get_document_model().objects.create(title="資料", collection=root_collection)
    members = root_collection.add_child(name="会員向け資料")
    minutes = get_document_model().objects.create(title="議事録", collection=members)
    members.add_child(name="2026年度")

    importlib.import_module("cms.core.migrations.0013_roles_per_platform").apply(apps, None)

    iiyama.refresh_from_db()
    assert not GroupPagePermission.objects.filter(page=root, group=secretariat).exists()
    assert set(
        GroupPagePermission.objects.filter(group=secretariat).values_list("page", flat=True)
    ) == set(platforms.pages_of(iiyama).filter(depth=2).values_list("pk", flat=True))
    image.refresh_from_db()
    document.refresh_from_db()
    assert image.collection == iiyama.collection == document.collection
    # the root's other collections were the one platform's too: now under its collection
    members = Collection.objects.get(pk=members.pk)
    assert members.get_parent() == iiyama.collection
    assert [child.name for child in members.get_children()] == ["2026年度"]
    assert Collection.get_first_root_node().get_children().count() == 1
    policy = policy_registry.get_by_type(get_document_model())
    staff = staff_of(iiyama, roles.SECRETARIAT, "after")
    minutes = get_document_model().objects.get(pk=minutes.pk)  # its collection moved
    assert policy.user_has_permission_for_instance(staff, "change", minutes)
    assert Collection.find_problems() == ([], [], [], [], [])
