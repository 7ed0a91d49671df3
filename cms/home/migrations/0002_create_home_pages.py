import uuid

from django.db import migrations

# The site starts with a Japanese home page and its English translation, so that /ja/ and /en/
# both answer on a fresh install; `load_demo` or the editors give them their content.
# Each translation of a site root needs its own url_path, or Wagtail links every language's
# pages to the first one; hence "home-en".
HOME_PAGES = [
    ("ja", "つなぐ", "home", "00010001"),
    ("en", "Tsunagu", "home-en", "00010002"),
]


def create_home_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    # Wagtail's own initial "Welcome" page (and the site pointing at it) make way for ours.
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    Page.objects.filter(content_type=page_type, depth=2).delete()
    home_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")

    translation_key = uuid.uuid4()
    pages = {}
    for language_code, title, slug, path in HOME_PAGES:
        locale, _ = Locale.objects.get_or_create(language_code=language_code)
        pages[language_code] = HomePage.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=home_type,
            path=path,
            depth=2,
            numchild=0,
            url_path=f"/{slug}/",
            locale=locale,
            translation_key=translation_key,
        )
    Page.objects.filter(depth=1).update(numchild=len(HOME_PAGES))
    Site.objects.create(
        hostname="localhost", port=80, root_page=pages["ja"], is_default_site=True
    )


def remove_home_pages(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_home_pages, remove_home_pages),
    ]
