from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.home.models import HomePage


@transaction.atomic
def ensure_site():
    """Make sure there is a page tree with a Japanese home page, its English translation and a
    default site, whatever state the database is in; return the Japanese home page.

    Migration home.0002 builds the same on a fresh install; this is for a database that was
    emptied since (tests that flush, a site deleted by hand) and for load_demo."""
    ja, _ = Locale.objects.get_or_create(language_code="ja")
    en, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=ja))
    site = Site.objects.filter(is_default_site=True).first()
    # The default site's home when it has one, else the first Japanese home that is not
    # another platform's (their homes are beside it).
    homes = HomePage.objects.filter(depth=2, locale=ja).exclude(
        sites_rooted_here__is_default_site=False
    )
    home = (site and homes.filter(pk=site.root_page_id).first()) or homes.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="つなぐ", slug="home", locale=ja))
    if not home.has_translation(en):
        english = home.copy_for_translation(en)
        # Each language's root needs its own url_path, or Wagtail links every language's
        # pages to the first one.
        english.slug = "home-en"
        english.title = "Tsunagu"
        english.save_revision().publish()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home
