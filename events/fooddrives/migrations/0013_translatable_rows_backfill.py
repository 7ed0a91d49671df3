"""Step 2 of 3 (see 0010): each row takes its page's locale and a translation key, shared
with the rows a translation copied from its original."""

from django.db import migrations

from cms.core.migration_ops import to_page_locales


class Migration(migrations.Migration):
    dependencies = [("fooddrives", "0012_translatable_rows_fields")]

    operations = [to_page_locales("fooddrives.WantedItem", "fooddrives.DropOffPoint")]
