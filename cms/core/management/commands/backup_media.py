"""Copy every uploaded file — public images and private documents, from local disk or the
buckets, whichever the settings name — into a local folder, for the backup beside pg_dump. The
media storage (cms/core/storage.py) lists both, under the names the database uses, so
`restore_media` puts each file back where it belongs."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from cms.core.storage import walk


class Command(BaseCommand):
    help = "Copy the media storage's files into a local folder (see README, Backups)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, folder, **options):
        count = 0
        for name in walk(default_storage):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source:
                target.write_bytes(source.read())
            count += 1
        self.stdout.write(f"Copied {count} files to {folder}.")
