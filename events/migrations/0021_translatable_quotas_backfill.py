"""Step 2 of 3 (see 0017): each place takes its page's locale and a translation key, shared
with the places a translation copied from its original."""

from django.db import migrations

from cms.core.migration_ops import to_page_locales


class Migration(migrations.Migration):
    dependencies = [("events", "0020_translatable_quotas_fields")]

    operations = [to_page_locales("events.Quota")]
