"""Documents move out of the public media storage (MEDIA_ROOT/documents, or the public bucket)
into the private one, where only Wagtail's serve view reaches them (cms/core/storage.py). The
database keeps the same file names; files only. Moving again finds nothing to move."""

from django.db import migrations


def move_documents(apps, schema_editor):
    from cms.core.storage import move_private_files

    moved = move_private_files()
    if moved:
        print(f"\n  Moved {moved} document files to the private storage.")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_exportlog")]

    operations = [migrations.RunPython(move_documents, migrations.RunPython.noop, elidable=True)]
