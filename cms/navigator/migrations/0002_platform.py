"""Worries belong to a platform; those of an installation of one platform go to its default
site's platform, and a slug is unique within a platform and language."""

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
        ("navigator", "0001_worry"),
    ]

    operations = [
        migrations.AddField("worry", "platform", platform(True)),
        to_default_platform("navigator.Worry"),
        migrations.AlterField("worry", "platform", platform(False)),
        migrations.RemoveConstraint(model_name="worry", name="navigator_worry_unique_slug"),
        migrations.AddConstraint(
            model_name="worry",
            constraint=models.UniqueConstraint(
                fields=("platform", "slug", "locale"), name="navigator_worry_unique_slug"
            ),
        ),
    ]
