"""An event's places (their labels) become translatable with the page (issue 20), step 1 of
3 (cms/core/migration_ops.py): the locale and translation key, nullable."""

from django.db import migrations

from cms.core.migration_ops import inline_translation_fields


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("events", "0019_discreet_title_unlisted"),
    ]

    operations = inline_translation_fields("quota")
