from django.db import migrations
from django.utils import timezone

NAME = "core.requeue_stalled_mail"


def create_schedule(apps, schema_editor):
    # Created by name, so running it again (or on a database that has it) changes nothing.
    apps.get_model("django_q", "Schedule").objects.get_or_create(
        name=NAME,
        defaults={
            "func": "cms.core.tasks.requeue_stalled_mail",
            "schedule_type": "I",
            "minutes": 1,
            "repeats": -1,
            "next_run": timezone.now(),
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_topic"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
