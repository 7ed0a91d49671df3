"""Imported events are moderated: ImportedEvent gets Wagtail's draft state and revisions (the
rows already there stay live), CalendarSource says whether a source publishes directly (no source
does until the secretariat says so), and the secretariat may review and publish imported
events. The publish permission is made here: Wagtail makes it only after migrating, too late
to give it to the group."""

import django.db.models.deletion
from django.db import migrations, models

SECRETARIAT_GROUP = "Moderators"
CODENAMES = {
    "view_importedevent": "Can view imported event",
    "change_importedevent": "Can change imported event",
    "publish_importedevent": "Can publish imported event",
}


def let_the_secretariat_review(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="events", model="importedevent")
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    for codename, name in CODENAMES.items():
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0011_registration_limits_and_new_records'),
        ('wagtailcore', '0098_apitoken'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='calendarsource',
            name='publish_directly',
            field=models.BooleanField(default=False, help_text="Only for a calendar the secretariat trusts: its events are listed as soon as they are read. Otherwise each new or changed event waits for the secretariat's approval.", verbose_name='publish directly'),
        ),
        migrations.AddField(
            model_name='importedevent',
            name='expire_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='expiry date/time'),
        ),
        migrations.AddField(
            model_name='importedevent',
            name='expired',
            field=models.BooleanField(default=False, editable=False, verbose_name='expired'),
        ),
        migrations.AddField(
            model_name='importedevent',
            name='first_published_at',
            field=models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='first published at'),
        ),
        migrations.AddField(
            model_name='importedevent',
            name='go_live_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='go live date/time'),
        ),
        migrations.AddField(
            model_name='importedevent',
            name='has_unpublished_changes',
            field=models.BooleanField(default=False, editable=False, verbose_name='has unpublished changes'),
        ),
        migrations.AddField(
            model_name='importedevent',
            name='last_published_at',
            field=models.DateTimeField(editable=False, null=True, verbose_name='last published at'),
        ),
        migrations.AddField(
            model_name='importedevent',
            name='latest_revision',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='latest revision'),
        ),
        migrations.AddField(
            model_name='importedevent',
            name='live',
            field=models.BooleanField(default=True, editable=False, verbose_name='live'),
        ),
        migrations.AddField(
            model_name='importedevent',
            name='live_revision',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.revision', verbose_name='live revision'),
        ),
        migrations.RunPython(let_the_secretariat_review, migrations.RunPython.noop),
    ]
