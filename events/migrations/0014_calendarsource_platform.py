import django.db.models.deletion
from django.db import migrations, models

from cms.core.migration_ops import to_default_platform


def from_index(apps, schema_editor):
    """A source belongs to the platform whose home its event index is under."""
    Platform = apps.get_model("core", "Platform")
    CalendarSource = apps.get_model("events", "CalendarSource")
    homes = [
        (platform.site.root_page.path, platform)
        for platform in Platform.objects.select_related("site__root_page")
    ]
    for source in CalendarSource.objects.filter(platform__isnull=True).select_related("index"):
        for path, platform in homes:
            if source.index.path.startswith(path):
                source.platform = platform
                source.save(update_fields=["platform"])
                break


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_platform"),
        ("events", "0013_session_ends_at_index_for_feed_etags"),
        ("home", "0004_platform_for_each_site"),
    ]

    operations = [
        migrations.AddField(
            model_name="calendarsource",
            name="platform",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.platform",
                verbose_name="platform",
            ),
        ),
        migrations.RunPython(from_index, migrations.RunPython.noop),
        to_default_platform("events.CalendarSource"),
        migrations.AlterField(
            model_name="calendarsource",
            name="platform",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.platform",
                verbose_name="platform",
            ),
        ),
    ]
