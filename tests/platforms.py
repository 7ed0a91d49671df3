"""Platforms for tests: the default one (the site every other test uses) and a second one on
its own host, with a Japanese home page and its English translation, to prove that nothing of
one platform shows on the other."""

from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Site

from cms.core import platform as platforms
from cms.core import roles
from cms.core.models import Platform
from cms.home.models import HomePage
from cms.home.services import ensure_site
from tests.roles import role_group

OTHER_HOST = "nagano.localhost"


def default_platform():
    """The platform of the default site (made, with the site, when a flush emptied it)."""
    ensure_site()
    return platforms.default()


def other_platform(hostname=OTHER_HOST, title="長野県", *, prefecture_of=None):
    """A second platform on `hostname` (made once): a prefecture's when `prefecture_of` names
    the municipality platform it hosts."""
    site = Site.objects.filter(hostname=hostname).first()
    if site is None:
        ensure_site()
        ja = Locale.objects.get(language_code="ja")
        en = Locale.objects.get(language_code="en")
        slug = hostname.split(".")[0]
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title=title, slug=slug, locale=ja)
        )
        english = home.copy_for_translation(en)
        english.slug = f"{slug}-en"
        english.title = slug.capitalize()
        english.save_revision().publish()
        site = Site.objects.create(hostname=hostname, port=80, root_page=home)
    platform = Platform.objects.get(site=site)
    if prefecture_of is not None:
        platform.kind = Platform.Kind.PREFECTURE
        platform.save()
        prefecture_of.prefecture = platform
        prefecture_of.save()
    return platform


def staff_of(platform, role, username=None):
    """An account in the group of `role` (a name of cms.core.roles) held for `platform`: the
    role's permissions, its page rights on that platform's home and its media rights on that
    platform's collection, as `apply_roles` gives them."""
    role_group(roles.SECRETARIAT)  # the roles applied, also after a flush
    group = roles.group_of(platform, role)
    user = get_user_model().objects.create_user(username or f"{role}-{platform.slug}", password="x")
    user.groups.add(group)
    return user
