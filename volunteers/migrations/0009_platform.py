"""Volunteer opportunities and roles belong to a platform (shifts, sign-ups and volunteers
through them and their person); those there are go to the default site's platform (issue 18)."""

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
    dependencies = [
        ("core", "0009_platform"),
        ("home", "0004_platform_for_each_site"),
        ("volunteers", "0008_delete_exportlog"),
    ]

    operations = [
        migrations.AddField(model_name="volunteeropportunity", name="platform", field=_field(True)),
        migrations.AddField(model_name="role", name="platform", field=_field(True)),
        to_default_platform("volunteers.VolunteerOpportunity", "volunteers.Role"),
        migrations.AlterField(
            model_name="volunteeropportunity", name="platform", field=_field(False)
        ),
        migrations.AlterField(model_name="role", name="platform", field=_field(False)),
    ]
