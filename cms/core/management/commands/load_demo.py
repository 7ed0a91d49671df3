from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = (
        "Load realistic Japanese demo content for one platform. Idempotent: running it again "
        "updates the same pages rather than adding new ones."
    )

    def handle(self, *args, **options):
        # Each app that has demo content keeps it in its own demo.py with a load(command)
        # function; they run in INSTALLED_APPS order, so a higher layer finds what a lower one
        # made, and nothing here needs to import an app above cms.
        with transaction.atomic():
            for config in apps.get_app_configs():
                if config.module and module_has_submodule(config.module, "demo"):
                    module = import_module(f"{config.name}.demo")
                    module.load(self)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
