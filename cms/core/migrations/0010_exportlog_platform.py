import django.db.models.deletion
from django.db import migrations, models

from cms.core.migration_ops import to_default_platform


def _field(null):
    return models.ForeignKey(
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="core.platform",
        verbose_name="platform",
    )


class Migration(migrations.Migration):
    """The access log belongs to the platform whose data was seen; the log kept so far is
    the default site's."""

    dependencies = [
        ("core", "0009_platform"),
        ("home", "0004_platform_for_each_site"),
    ]

    operations = [
        migrations.AddField(model_name="exportlog", name="platform", field=_field(True)),
        to_default_platform("core.ExportLog"),
        migrations.AlterField(model_name="exportlog", name="platform", field=_field(False)),
    ]
