"""Making a platform without touching code: its site on its own host, its Japanese home page
and the English translation, the standard index pages, its privacy and accessibility notices,
its role groups and collection, and its settings. Called by `manage.py create_platform`, by the superuser's "New platform" form in the
admin and by `load_demo`; running it again brings the same platform up to date."""

from importlib import import_module

from django.apps import apps
from django.conf import settings as django_settings
from django.db import transaction
from django.utils.module_loading import module_has_submodule
from wagtail.models import Locale, Page, Site

from cms.core import roles
from cms.core.demo_helpers import update_page, upsert_translation
from cms.core.models import Platform, PlatformSettings
from cms.home.models import HomePage
from cms.home.notices import link_notices
from cms.home.services import ensure_site


class PlatformError(ValueError):
    """A platform that cannot be made as asked (a short name or host taken by another)."""


def index_pages():
    """The standard index pages every platform has (news, events, ibasho, members, food
    drives, …): each app names its own in its demo module as `INDEX_PAGE`, found the way
    load_demo finds the modules, so that cms needs to import no app above it."""
    found = []
    for config in apps.get_app_configs():
        if config.module and module_has_submodule(config.module, "demo"):
            spec = getattr(import_module(f"{config.name}.demo"), "INDEX_PAGE", None)
            if spec is not None:
                found.append(spec)
    return found


@transaction.atomic
def create_platform(
    slug,
    *,
    hostname,
    name,
    port=80,
    english_name="",
    kind=Platform.Kind.MUNICIPALITY,
    prefecture=None,
    languages=None,
):
    """The platform `slug` on `hostname`:`port`, made or brought up to date (see the module).
    `prefecture` is the slug of the prefecture's platform that hosts it; `languages` the codes
    of the languages it offers (Japanese always; a new platform's are Japanese and English,
    an existing one keeps its own when none are given)."""
    unknown = set(languages or ()) - {code for code, _name in django_settings.LANGUAGES}
    if unknown:
        raise PlatformError(f"Unknown languages: {', '.join(sorted(unknown))}.")
    ensure_site()
    ja = Locale.objects.get(language_code="ja")
    en = Locale.objects.get(language_code="en")
    host = prefecture_platform = None
    if prefecture:
        prefecture_platform = Platform.objects.filter(
            slug=prefecture, kind=Platform.Kind.PREFECTURE
        ).first()
        if prefecture_platform is None:
            raise PlatformError(f"No prefecture's platform is called {prefecture}.")
    platform = Platform.objects.filter(slug=slug).select_related("site").first()
    site = Site.objects.filter(hostname=hostname, port=port).first()
    if site is not None and (platform is None or platform.site_id != site.pk):
        raise PlatformError(f"{hostname}:{port} is another platform's address.")
    if platform is not None:
        site = platform.site
        host = (site.hostname, site.port)
    if site is None:
        if Page.get_first_root_node().get_children().filter(slug=slug).exists():
            raise PlatformError(f"A home page called {slug} exists already.")
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title=name, slug=slug, locale=ja)
        )
        home.save_revision().publish()
        site = Site.objects.create(hostname=hostname, port=port, root_page=home, site_name=name)
    else:
        home = site.root_page.specific
        if host is not None and host != (hostname, port):
            site.hostname, site.port = hostname, port
        site.site_name = name
        site.save()
        update_page(home, title=name)
    upsert_translation(home, en, slug=f"{home.slug}-en", title=english_name or slug.capitalize())

    platform = Platform.objects.get(site=site)
    if platform.slug != slug and Platform.objects.filter(slug=slug).exists():
        raise PlatformError(f"The short name {slug} is another platform's.")
    platform.slug = slug
    platform.kind = kind
    platform.prefecture = prefecture_platform
    platform.save()

    # The roles first: an index may give them rights (the members' index its workflow).
    roles.apply_roles(apps, roles.ROLES, roles.PERSONAL_DATA)
    for spec in index_pages():
        spec.upsert(home)
    settings, _ = PlatformSettings.objects.get_or_create(site=site)
    if languages is not None:
        settings.languages = list(languages)
        settings.save()  # which makes the languages' Wagtail locales
    link_notices(settings, home)
    return platform
