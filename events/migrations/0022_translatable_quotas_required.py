"""Step 3 of 3 (see 0017): locale and translation key required, unique together."""

from django.db import migrations

from cms.core.migration_ops import inline_translation_required


class Migration(migrations.Migration):
    dependencies = [("events", "0021_translatable_quotas_backfill")]

    operations = inline_translation_required("quota")
