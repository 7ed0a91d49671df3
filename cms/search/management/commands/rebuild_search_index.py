from django.core.management.base import BaseCommand

from cms.search import index


class Command(BaseCommand):
    help = "Index every live page and registered model again for the site search."

    def handle(self, *args, **options):
        self.stdout.write(f"{index.rebuild()} entries indexed")
