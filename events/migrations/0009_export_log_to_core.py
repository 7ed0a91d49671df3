"""The log of registration exports moves into the one export log (`core.ExportLog`).

Every row keeps its time, its user and its count; the exported event is kept by content type
and id, with its title, so the log outlives it. Backwards, the rows of registration exports go back
into the old table (those whose event still exists, which the old table requires)."""

from django.db import migrations

APP, OLD, TARGET = "events", "ExportLog", "eventpage"
KINDS = ('registrations',)


def forwards(apps, schema_editor):
    old = apps.get_model(APP, OLD)
    log = apps.get_model("core", "ExportLog")
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=APP, model=TARGET
    )
    log.objects.bulk_create(
        log(
            user_id=row.user_id,
            created_at=row.created_at,
            kind=KINDS[0],
            content_type=content_type,
            object_id=str(row.event_id),
            target_label=row.event.title[:255],
            rows=row.rows,
        )
        for row in old.objects.select_related("event").iterator()
    )


def backwards(apps, schema_editor):
    old = apps.get_model(APP, OLD)
    log = apps.get_model("core", "ExportLog")
    rows = log.objects.filter(kind__in=KINDS, content_type__app_label=APP, content_type__model=TARGET)
    existing = set(apps.get_model(APP, TARGET).objects.values_list("pk", flat=True))
    for row in rows:
        if int(row.object_id) in existing:
            copy = old.objects.create(event_id=int(row.object_id), user_id=row.user_id, rows=row.rows)
            # created_at is auto_now_add: only an update keeps the original time.
            old.objects.filter(pk=copy.pk).update(created_at=row.created_at)
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0008_questionnaire_token_purpose"),
        ("core", "0004_exportlog"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
