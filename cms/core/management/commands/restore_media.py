"""Put the files of a media backup (`backup_media`) back into the media storage under their own
names, so the restored database's images and documents find them: documents into the private
storage, images into the public one (cms/core/storage.py), whatever release made the backup."""

from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Copy a media backup folder into the media storage (see README, Backups)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, folder, **options):
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        count = skipped = 0
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = path.relative_to(folder).as_posix()
            if default_storage.exists(name):
                skipped += 1
                continue
            with path.open("rb") as source:
                saved = default_storage.save(name, File(source))
            if saved != name:
                raise CommandError(f"the storage renamed {name} to {saved}")
            count += 1
        self.stdout.write(f"Restored {count} files ({skipped} were already there).")
