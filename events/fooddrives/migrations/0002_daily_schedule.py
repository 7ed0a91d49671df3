from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations

NAME = "fooddrives-daily"


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    # Every morning at 8 in Japan, so that the reminder for tomorrow's drop-off arrives in the
    # day and not at midnight.
    tokyo = ZoneInfo("Asia/Tokyo")
    now = datetime.now(tokyo)
    first = datetime.combine(now.date(), time(8), tzinfo=tokyo)
    if first <= now:
        first += timedelta(days=1)
    # Created by name so that running migrations again never makes a second one.
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={
            "func": "events.fooddrives.tasks.daily",
            "schedule_type": "D",
            "repeats": -1,
            "next_run": first,
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("fooddrives", "0001_initial"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
