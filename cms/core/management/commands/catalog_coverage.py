from django.conf import settings
from django.core.management.base import BaseCommand

from cms.core import catalogs


class Command(BaseCommand):
    help = (
        "Print how much of each language's gettext catalog is translated: the strings a "
        "resident reads (cms.core.catalogs.is_public) and all of them."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{'language':<10} {'public':>20} {'all':>20}")
        for code, _name in settings.LANGUAGES:
            counts = catalogs.coverage(code)
            cells = [self.cell(*counts["public"]), self.cell(*counts["all"])]
            self.stdout.write(f"{code:<10} {cells[0]:>20} {cells[1]:>20}")

    @staticmethod
    def cell(translated, total):
        share = 100 * translated / total if total else 100
        return f"{translated}/{total} {share:5.1f} %"
