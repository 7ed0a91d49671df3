"""Wanted food and drop-off points become translatable with their page (issue 20), step 1 of
3 (cms/core/migration_ops.py): the locale and translation key, nullable."""

from django.db import migrations

from cms.core.migration_ops import inline_translation_fields


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("fooddrives", "0011_page_photo_alt"),
    ]

    operations = inline_translation_fields("wanteditem", "dropoffpoint")
