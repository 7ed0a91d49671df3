import time
from importlib import import_module

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import override_settings
from django.utils.module_loading import module_has_submodule

from cms.core import freshness

# Wagtail's own search index (admin search) is not updated row by row while the set is built:
# at this size it would take most of the time. The site's search entries are rebuilt at the
# end (cms.search's finish()).
NO_AUTO_UPDATE = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False},
}


class Command(BaseCommand):
    help = (
        "Build the scale data set on top of the demo content (loaded first): 10,000 events, "
        "20,000 sessions, 2,000 ibasho, 500 member organisations, 5,000 news items, 300 "
        "consultation windows, 100,000 registrations, 1,000 shifts with 10,000 sign-ups and "
        "20,000 pledges, in Japanese and English. Idempotent: a second run adds nothing. "
        "--scale 0.01 builds a hundredth of it (for tests)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument(
            "--demo-loaded",
            action="store_true",
            help="The database holds the demo content already, as load_demo left it: do not "
            "load it again (it takes half a minute; the tests restore it from a copy).",
        )

    def handle(self, *args, scale, demo_loaded=False, **options):
        if not 0 < scale <= 1:
            raise CommandError("--scale must be more than 0 and at most 1.")
        self.scale = scale
        self.started = started = time.perf_counter()
        if not demo_loaded:
            call_command("load_demo", stdout=self.stdout, stderr=self.stderr)
        # Each app that contributes to the set keeps its part in its own scale.py with a
        # load(command) function, run in INSTALLED_APPS order (as load_demo's demo.py parts),
        # then an optional finish(command) once every part is in (the search entries).
        modules = [
            import_module(f"{config.name}.scale")
            for config in apps.get_app_configs()
            if config.module and module_has_submodule(config.module, "scale")
        ]
        self.stdout.write(f"  (demo content: {time.perf_counter() - started:.0f} s)")
        with override_settings(WAGTAILSEARCH_BACKENDS=NO_AUTO_UPDATE), transaction.atomic():
            for module in modules:
                self.timed(module.__name__, module.load)
            for module in modules:
                if hasattr(module, "finish"):
                    self.timed(f"{module.__name__} finish", module.finish)
            # The parts write in bulk, which sends no signal (cms/core/invalidation.py).
            freshness.changed()
        self.stdout.write(
            self.style.SUCCESS(f"Scale data set is loaded ({time.perf_counter() - started:.0f} s).")
        )

    def timed(self, name, step):
        began = time.perf_counter()
        step(self)
        if connection.vendor == "postgresql":
            # The set is written in one transaction, so autovacuum never sees its rows and
            # the next part's queries would be planned on statistics from before them.
            # ANALYZE in the transaction counts its own new rows. The site's tables only: a
            # bare ANALYZE takes the shared catalogs too and would hold them, until this
            # transaction ends, against every other database's ANALYZE on the server.
            tables = connection.introspection.django_table_names(only_existing=True)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))
        self.stdout.write(f"  ({name}: {time.perf_counter() - began:.0f} s)")

    def count(self, full):
        """How many of a thing this run builds: `full` at --scale 1, at least 1."""
        return max(1, round(full * self.scale))

    def check_size(self, what, existing, total):
        """A part finds `existing` of the `total` it builds: none (a first run) or all of them
        (a second run). Anything else is a set built at another --scale, which this run would
        not bring to a consistent one (each part spreads its rows by the size)."""
        if existing and existing != total:
            raise CommandError(
                f"The database holds {existing} scale {what}, not {total}: it was built with "
                "another --scale. Start from an empty database (or the demo) instead."
            )

    def progress(self, label, done, total):
        elapsed = time.perf_counter() - self.started
        self.stdout.write(f"  {label}: {done}/{total} ({elapsed:.0f} s)")
        self.stdout.flush()
