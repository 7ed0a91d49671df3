"""Which platform: every site is one, a request's platform is its site's, and a staff account
acts for the platforms of its groups (a prefecture's staff read their municipalities' too)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import RequestFactory
from wagtail.models import Page, Site

from cms.core import platform
from cms.core.models import Platform, PlatformRole

pytestmark = pytest.mark.django_db


def make_site(hostname, title):
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title=title, slug=hostname.replace(".", "-")))
    return Site.objects.create(hostname=hostname, port=80, root_page=home)


def staff_of(site, role):
    user = get_user_model().objects.create_user(f"{role}-{site.hostname}")
    group = Group.objects.create(name=f"{role} {site.hostname}")
    PlatformRole.objects.create(group=group, platform=site.platform, role=role)
    user.groups.add(group)
    return user


def test_every_site_is_a_platform_named_by_its_host_and_home():
    site = make_site("nagano.example.jp", "長野県")
    assert site.platform.slug == "nagano"
    assert platform.platform_name(site.platform) == "長野県"
    # A second site on a host whose first label is taken gets a slug of its own.
    assert make_site("nagano.example.org", "長野").platform.slug != "nagano"


def test_a_request_belongs_to_the_platform_of_its_host_and_else_to_the_default_one():
    Site.objects.update(is_default_site=False)
    default_site = make_site("iiyama.example.jp", "飯山市")
    Site.objects.filter(pk=default_site.pk).update(is_default_site=True)
    site = make_site("nagano.example.jp", "長野県")
    factory = RequestFactory()
    assert platform.of_request(factory.get("/", HTTP_HOST="nagano.example.jp")) == site.platform
    default = platform.of_request(factory.get("/", HTTP_HOST="unknown.example"))
    assert default == platform.default()
    assert default.site.is_default_site


def test_pages_of_a_platform_are_its_home_and_below_only():
    nagano = make_site("nagano.example.jp", "長野県")
    iiyama = make_site("iiyama.example.jp", "飯山市")
    page = nagano.root_page.add_child(instance=Page(title="お知らせ", slug="news"))
    assert set(platform.pages_of(nagano.platform)) == {nagano.root_page, page}
    assert page not in platform.pages_of(iiyama.platform)
    assert platform.of_page(page) == nagano.platform


def test_staff_act_for_their_groups_platforms_and_a_prefecture_reads_its_municipalities():
    nagano = make_site("nagano.example.jp", "長野県").platform
    nagano.kind = Platform.Kind.PREFECTURE
    nagano.save()
    iiyama = make_site("iiyama.example.jp", "飯山市").platform
    iiyama.prefecture = nagano
    iiyama.save()
    other = make_site("tottori.example.jp", "鳥取県").platform

    secretariat = staff_of(iiyama.site, "事務局")
    assert list(platform.staff_platforms(secretariat)) == [iiyama]
    assert list(platform.readable_platforms(secretariat)) == [iiyama]

    prefecture = staff_of(nagano.site, platform.PREFECTURE_STAFF)
    assert list(platform.staff_platforms(prefecture)) == [nagano]
    assert set(platform.readable_platforms(prefecture)) == {nagano, iiyama}
    assert other not in platform.readable_platforms(prefecture)

    stranger = get_user_model().objects.create_user("stranger")
    assert not platform.staff_platforms(stranger).exists()
    boss = get_user_model().objects.create_superuser("boss")
    assert other in platform.staff_platforms(boss)


def test_an_installation_of_one_platform_keeps_its_role_groups_for_its_default_site():
    from cms.core import roles

    group = Group.objects.get(name=roles.SECRETARIAT)
    assert group.platform_role.platform == platform.default()
    assert group.platform_role.role == roles.SECRETARIAT


def test_a_second_platform_answers_on_its_own_host_with_its_own_home(client):
    from tests.platforms import OTHER_HOST, default_platform, other_platform

    iiyama = default_platform()
    nagano = other_platform(prefecture_of=iiyama)
    assert nagano.kind == Platform.Kind.PREFECTURE
    iiyama.refresh_from_db()
    assert iiyama.prefecture == nagano
    response = client.get("/ja/", HTTP_HOST=OTHER_HOST)
    assert response.status_code == 200
    assert "長野県" in response.content.decode()


def test_staff_of_another_platform_act_for_it_alone():
    from cms.core import roles
    from tests.platforms import default_platform, other_platform, staff_of
    from tests.roles import secretariat

    nagano = other_platform()
    theirs = staff_of(nagano, roles.SECRETARIAT)
    ours = secretariat()
    assert list(platform.staff_platforms(theirs)) == [nagano]
    assert list(platform.staff_platforms(ours)) == [default_platform()]
    assert theirs.has_perm("events.view_registration")


def test_links_point_to_the_platforms_own_address(settings):
    from tests.platforms import default_platform, other_platform

    settings.WAGTAILADMIN_BASE_URL = "https://tsunagu.city.iiyama.example/"
    assert platform.base_url(default_platform()) == "https://tsunagu.city.iiyama.example"
    nagano = other_platform()
    assert platform.base_url(nagano) == "http://nagano.localhost"
    nagano.site.port = 443
    assert platform.base_url(nagano) == "https://nagano.localhost"
