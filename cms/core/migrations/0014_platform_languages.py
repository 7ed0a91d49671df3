"""The languages each platform offers, set by its administrators: the platforms there are
offered Japanese and English, as every platform was until now."""

from django.db import migrations

import cms.core.models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0013_roles_per_platform"),
    ]

    operations = [
        migrations.AddField(
            model_name="platformsettings",
            name="languages",
            field=cms.core.models.LanguagesField(
                default=cms.core.models.offered_by_default,
                help_text=(
                    "The languages residents can read this platform in. Japanese is always "
                    "offered; a page not yet translated into a language is shown in Japanese "
                    "with a notice."
                ),
                verbose_name="languages",
            ),
        ),
    ]
