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
    """Sponsors belong to a platform (their sponsorships follow them); those of an
    installation of one platform go to its default site's."""

    dependencies = [
        ("core", "0009_platform"),
        ("home", "0004_platform_for_each_site"),
        ("sponsors", "0001_sponsors_and_event_sponsorships"),
    ]

    operations = [
        migrations.AddField(model_name="sponsor", name="platform", field=_field(True)),
        to_default_platform("sponsors.Sponsor"),
        migrations.AlterField(model_name="sponsor", name="platform", field=_field(False)),
    ]
