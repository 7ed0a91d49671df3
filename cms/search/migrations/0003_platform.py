"""Search entries carry the platform of what they index. Existing entries go to the default
site's platform, which in an installation of one platform is what they index; a rebuild
(`rebuild_search_index`) computes them afresh."""

import django.db.models.deletion
from django.db import migrations, models

from cms.core.migration_ops import to_default_platform


def platform(null):
    return models.ForeignKey(
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="core.platform",
        verbose_name="platform",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_platform"),
        ("home", "0004_platform_for_each_site"),
        ("site_search", "0002_trigram_indexes"),
    ]

    operations = [
        migrations.AddField("searchentry", "platform", platform(True)),
        to_default_platform("site_search.SearchEntry"),
        migrations.AlterField("searchentry", "platform", platform(False)),
        migrations.AddField(
            model_name="searchentry",
            name="nationwide",
            field=models.BooleanField(default=False),
        ),
    ]
