"""Each year, on 1 April (the start of the Japanese fiscal year) at 9:00 in Tokyo, ask every
member to confirm or update its profile. Found by name, so running this again changes nothing."""

import datetime
import zoneinfo

from django.db import migrations

NAME = "ask members to confirm their profiles"


def next_first_of_april():
    tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
    now = datetime.datetime.now(tokyo)
    run = datetime.datetime(now.year, 4, 1, 9, 0, tzinfo=tokyo)
    return run if run > now else run.replace(year=now.year + 1)


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    if not Schedule.objects.filter(name=NAME).exists():
        Schedule.objects.create(
            name=NAME,
            func="cms.directory.members_tasks.ask_members_to_confirm",
            schedule_type="Y",
            repeats=-1,
            next_run=next_first_of_april(),
        )


def delete_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_profile_confirmation_requests"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]
