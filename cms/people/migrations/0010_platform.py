"""A person, a qualification and a data request belong to a platform; those there are go to the
default site's platform. A person is found again by (platform, address) (issue 18)."""

import django.db.models.deletion
import django.db.models.functions.text
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
        ("people", "0009_person_email_upper_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="platform",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="people",
                to="core.platform",
                verbose_name="platform",
            ),
        ),
        migrations.AddField(model_name="qualification", name="platform", field=_field(True)),
        migrations.AddField(model_name="datarequest", name="platform", field=_field(True)),
        to_default_platform("people.Person", "people.Qualification", "people.DataRequest"),
        migrations.AlterField(
            model_name="person",
            name="platform",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="people",
                to="core.platform",
                verbose_name="platform",
            ),
        ),
        migrations.AlterField(model_name="qualification", name="platform", field=_field(False)),
        migrations.AlterField(model_name="datarequest", name="platform", field=_field(False)),
        migrations.RemoveIndex(model_name="person", name="person_email_upper"),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                models.F("platform"),
                django.db.models.functions.text.Upper("email"),
                name="person_platform_email_upper",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="qualification", name="people_qualification_unique_slug"
        ),
        migrations.AddConstraint(
            model_name="qualification",
            constraint=models.UniqueConstraint(
                fields=("platform", "slug", "locale"), name="people_qualification_unique_slug"
            ),
        ),
    ]
