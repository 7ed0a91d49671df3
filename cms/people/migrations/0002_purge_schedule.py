from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations

NAME = "people.purge_expired"


def create_schedule(apps, schema_editor):
    # Created by name, so running it again (or on a database that has it) changes nothing.
    Schedule = apps.get_model("django_q", "Schedule")
    tomorrow = datetime.now(ZoneInfo("Asia/Tokyo")).date() + timedelta(days=1)
    Schedule.objects.get_or_create(
        name=NAME,
        defaults={
            "func": "cms.people.tasks.purge_expired_people",
            "schedule_type": "D",
            "repeats": -1,
            # at night, when nobody is registering
            "next_run": datetime.combine(tomorrow, time(3, 0), ZoneInfo("Asia/Tokyo")),
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
