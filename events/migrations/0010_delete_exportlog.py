"""The old ExportLog is gone: its rows live in `core.ExportLog` (previous migration)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0009_export_log_to_core"),
    ]

    operations = [migrations.DeleteModel(name="ExportLog")]
