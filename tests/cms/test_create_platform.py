"""A new platform without touching code: `manage.py create_platform` (or the superuser's form in
the admin) makes its site, home in two languages, index pages, groups, collection and settings;
running it again makes nothing twice; the new platform answers on its own host."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Collection, Page, Site

from cms.core import roles
from cms.core.models import Platform, PlatformSettings
from tests.platforms import default_platform, staff_of

pytestmark = pytest.mark.django_db

INDEXES = {"news", "events", "ibasho", "members", "food-drives", "sponsors"}
NOTICES = {"privacy", "accessibility"}


def create(*extra):
    call_command(
        "create_platform",
        "nagano",
        "--hostname",
        "nagano.localhost",
        "--name",
        "長野県",
        "--english-name",
        "Nagano Prefecture",
        "--kind",
        "prefecture",
        *extra,
        stdout=io.StringIO(),
    )
    return Platform.objects.get(slug="nagano")


def counts():
    return {
        "sites": Site.objects.count(),
        "platforms": Platform.objects.count(),
        "pages": Page.objects.count(),
        "groups": Group.objects.count(),
        "collections": Collection.objects.count(),
        "settings": PlatformSettings.objects.count(),
    }


def test_the_command_makes_a_whole_platform_and_twice_makes_nothing_twice():
    default_platform()
    nagano = create()
    first = counts()
    assert create() == nagano
    assert counts() == first

    assert nagano.kind == Platform.Kind.PREFECTURE
    home = nagano.site.root_page.specific
    assert home.title == "長野県" and home.locale.language_code == "ja"
    english = home.get_translations().get()
    assert english.title == "Nagano Prefecture" and english.live
    assert {page.slug for page in home.get_children().live()} == INDEXES | NOTICES
    assert {page.slug for page in english.get_children().live()} == INDEXES | NOTICES
    settings = PlatformSettings.objects.get(site=nagano.site)
    assert settings.privacy_page.get_parent().pk == home.pk
    assert settings.accessibility_page.get_parent().pk == home.pk
    assert nagano.collection is not None
    for role in roles.ROLES:
        group = roles.group_of(nagano, role)
        assert group.name == f"{role}（nagano）"
    secretariat = staff_of(nagano, roles.SECRETARIAT)
    assert home.permissions_for_user(secretariat).can_edit()
    assert not default_platform().site.root_page.permissions_for_user(secretariat).can_edit()


def test_a_municipality_is_hosted_by_its_prefecture():
    default_platform()
    create()
    call_command(
        "create_platform",
        "matsumoto",
        "--hostname",
        "matsumoto.localhost",
        "--name",
        "松本市",
        "--prefecture",
        "nagano",
        stdout=io.StringIO(),
    )
    matsumoto = Platform.objects.get(slug="matsumoto")
    assert matsumoto.prefecture.slug == "nagano"
    assert matsumoto.kind == Platform.Kind.MUNICIPALITY
    with pytest.raises(CommandError):
        call_command(
            "create_platform",
            "suzaka",
            "--hostname",
            "suzaka.localhost",
            "--name",
            "須坂市",
            "--prefecture",
            "matsumoto",  # not a prefecture's platform
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError):  # another platform's host
        call_command(
            "create_platform",
            "other",
            "--hostname",
            "nagano.localhost",
            "--name",
            "他",
            stdout=io.StringIO(),
        )


def test_the_new_platform_serves_its_home_on_its_host(client):
    default_platform()
    create()
    response = client.get("/ja/", HTTP_HOST="nagano.localhost")
    assert response.status_code == 200
    assert "長野県" in response.content.decode()
    response = client.get("/en/news/", HTTP_HOST="nagano.localhost")
    assert response.status_code == 200
    # the default site is not the new one
    assert "長野県" not in client.get("/ja/", HTTP_HOST="localhost").content.decode()


def test_the_new_platform_links_its_own_notices_and_running_again_keeps_their_edits(client):
    default_platform()
    nagano = create()
    settings = PlatformSettings.objects.get(site=nagano.site)
    privacy = settings.privacy_page.specific
    privacy.title = "長野県の個人情報保護方針"
    privacy.save_revision().publish()
    create()
    settings.refresh_from_db()
    assert settings.privacy_page.specific.title == "長野県の個人情報保護方針"
    footer = client.get("/ja/", HTTP_HOST="nagano.localhost").content.decode()
    assert 'href="/ja/privacy/"' in footer
    page = client.get("/ja/privacy/", HTTP_HOST="nagano.localhost")
    assert "長野県の個人情報保護方針" in page.content.decode()
    # The default platform's notice is its own page, not the new platform's.
    assert "長野県の個人情報保護方針" not in client.get("/ja/").content.decode()


def test_a_superuser_makes_a_platform_in_the_admin_and_nobody_else_may(client):
    default_platform()
    client.force_login(staff_of(default_platform(), roles.SECRETARIAT))
    refused = client.get("/admin/platforms/new/")
    assert refused.status_code in (302, 403) and refused.get("Location", "/admin/") == "/admin/"
    client.post("/admin/platforms/new/", {"slug": "x", "name": "x", "hostname": "x", "port": "80"})
    assert not Platform.objects.filter(slug="x").exists()
    client.force_login(get_user_model().objects.create_superuser("boss", password="x"))
    assert client.get("/admin/platforms/new/").status_code == 200
    response = client.post(
        "/admin/platforms/new/",
        {
            "slug": "tottori",
            "name": "鳥取県",
            "english_name": "Tottori Prefecture",
            "hostname": "tottori.localhost",
            "port": "80",
            "kind": "prefecture",
        },
    )
    assert response.status_code == 302
    tottori = Platform.objects.get(slug="tottori")
    assert tottori.site.hostname == "tottori.localhost"
    assert Group.objects.filter(name="事務局（tottori）").exists()
