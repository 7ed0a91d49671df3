"""The old PledgeExportLog is gone: its rows live in `core.ExportLog` (previous migration)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("fooddrives", "0004_export_log_to_core"),
    ]

    operations = [migrations.DeleteModel(name="PledgeExportLog")]
