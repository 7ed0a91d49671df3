"""The membership tasks moved from `cms.directory.members_tasks` to `cms.directory.members.tasks`.
django-q2 stores a task's dotted path in each schedule: the yearly profile confirmation (0005)
and any pending retry of a membership mail (a one-off schedule named after its outbox row).
Point them at the new module, so that they keep running."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Substr

OLD = "cms.directory.members_tasks."
NEW = "cms.directory.members.tasks."


def move(apps, old, new):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.filter(func__startswith=old).update(
        func=Concat(Value(new), Substr("func", len(old) + 1))
    )


def forwards(apps, schema_editor):
    move(apps, OLD, NEW)


def backwards(apps, schema_editor):
    move(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0013_remove_membership_from_profiles"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
