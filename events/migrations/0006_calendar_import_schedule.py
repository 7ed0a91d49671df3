from django.db import migrations


def create_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    # Created by name so that running migrations again never makes a second one.
    Schedule.objects.update_or_create(
        name="events-calendar-import",
        defaults={
            "func": "events.imports.import_all_sources",
            "schedule_type": "I",
            "minutes": 60,
            "repeats": -1,
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="events-calendar-import").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_calendars"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
