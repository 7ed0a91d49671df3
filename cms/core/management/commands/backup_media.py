"""Copy every uploaded file (images, documents) from the media storage — local disk or the S3
bucket, whichever the settings name — into a local folder, for the backup beside pg_dump."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand


def stored_files(storage, folder=""):
    """Every file name under `folder` of `storage`, depth first."""
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from stored_files(storage, f"{folder}/{sub}" if folder else sub)


class Command(BaseCommand):
    help = "Copy the media storage's files into a local folder (see README, Backups)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, folder, **options):
        count = 0
        for name in stored_files(default_storage):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source:
                target.write_bytes(source.read())
            count += 1
        self.stdout.write(f"Copied {count} files to {folder}.")
