from django.core.management.base import BaseCommand, CommandError

from cms.core.models import Platform
from cms.home.platforms import PlatformError, create_platform


class Command(BaseCommand):
    help = (
        "Make a platform: its site on its own host, its home page in Japanese and English, the "
        "standard index pages, its role groups and collection, and its settings. Running it "
        "again with the same short name brings that platform up to date."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="short name: letters, digits and hyphens, e.g. nagano")
        parser.add_argument("--hostname", required=True, help="e.g. nagano.example.jp")
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument("--name", required=True, help="its name in Japanese, e.g. 長野県")
        parser.add_argument("--english-name", default="", help="its name in English")
        parser.add_argument(
            "--kind", choices=Platform.Kind.values, default=Platform.Kind.MUNICIPALITY
        )
        parser.add_argument("--prefecture", help="the short name of its prefecture's platform")
        parser.add_argument(
            "--languages",
            help="the codes of the languages it offers, separated by commas, e.g. ja,en,ja-x-easy "
            "(Japanese always; a new platform's are ja,en)",
        )

    def handle(
        self, *args, slug, hostname, port, name, english_name, kind, prefecture, languages, **kw
    ):
        try:
            platform = create_platform(
                slug,
                hostname=hostname,
                port=port,
                name=name,
                english_name=english_name,
                kind=kind,
                prefecture=prefecture,
                languages=languages.split(",") if languages else None,
            )
        except PlatformError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Platform {platform.slug}: {platform.site.root_url}/")
        )
