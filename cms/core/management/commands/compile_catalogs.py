import sys
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Compile the project's gettext catalogs (.po to .mo). Unlike compilemessages it needs "
        "no GNU gettext on the machine, and it leaves installed packages' catalogs alone."
    )

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR).resolve()
        environment = Path(sys.prefix).resolve()
        folders = [Path(p) for p in settings.LOCALE_PATHS]
        folders += [Path(c.path) / "locale" for c in apps.get_app_configs()]
        compiled = 0
        for folder in folders:
            folder = folder.resolve()
            ours = base in folder.parents and environment not in folder.parents
            if not folder.is_dir() or not ours:
                continue
            for po_path in sorted(folder.glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
        self.stdout.write(f"Compiled {compiled} catalog(s).")
