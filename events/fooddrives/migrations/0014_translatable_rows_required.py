"""Step 3 of 3 (see 0010): locale and translation key required, unique together."""

from django.db import migrations

from cms.core.migration_ops import inline_translation_required


class Migration(migrations.Migration):
    dependencies = [("fooddrives", "0013_translatable_rows_backfill")]

    operations = inline_translation_required("wanteditem", "dropoffpoint")
