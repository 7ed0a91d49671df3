import io
import shutil

import pytest
from django.conf import settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def on_postgres():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.hookimpl(tryfirst=True)  # before pytest-django sorts the tests by kind (kind_order)
def pytest_collection_modifyitems(config, items):
    no_postgres = pytest.mark.skip(
        reason="needs PostgreSQL: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/tsunagu"
    )
    no_chromium = pytest.mark.skip(
        reason=f"needs Chromium at {CHROMIUM}: apt-get install chromium (CI installs it)"
    )
    chromium_present = shutil.which(CHROMIUM) is not None
    for item in items:
        if "postgres" in item.keywords and not on_postgres():
            item.add_marker(no_postgres)
        if "browser" in item.keywords and not chromium_present:
            item.add_marker(no_chromium)
    shared_demo_last(items)
    if hasattr(config, "workerinput"):
        order_for_workers(items)


def shared_demo_last(items):
    """In a module that shares a demo (module_demo), the tests that do not share it run before
    it is loaded: it stays in the database until the module's last test, and such a test
    expects the database without it."""
    modules = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], len(modules))
    items.sort(
        key=lambda item: (
            modules[item.nodeid.split("::")[0]],
            "module_demo" in getattr(item, "fixturenames", ()),
        )
    )


# Running in parallel (make test: pytest -n auto, pytest-xdist). Each worker has its own test
# database. The controller hands a worker one work unit at a time, and the worker runs the units
# in the order it gets them. A unit is a run of neighbouring tests (in the order below) with the
# same key:
#
# - a module, so that a module-scoped fixture (module_demo) is set up once, on one worker;
# - each test of a module in ONE_UNIT_PER_TEST, whose tests are long enough to share out;
# - every browser test (tests/e2e/): Chromium against a live server with 15-second timeouts,
#   one at a time, as two at once on two cores would put them at risk;
# - every concurrency test on PostgreSQL: one opens 50 connections at once, and several at once
#   with the other workers' would near PostgreSQL's default limit of 100.
#
# The tests are in the order pytest-django gives a serial run, as Django's runner does: the
# transactional ones after the others, as each empties every table when it ends, and a test
# after it would miss what the migrations made (the page tree, locales, schedules). The
# controller keeps that order (--no-loadscope-reorder), so that a worker, too, runs its
# transactional tests only after all its others. Among them the two longest units go first, so
# that neither finishes alone at the end.
#
# (pytest-xdist's own --dist loadgroup passes its groups in the test ids, which pytest 9.2 no
# longer lets it change: pytest-dev/pytest-xdist#1386. The units here need only the ids.)

BROWSER, POSTGRES_CONCURRENCY = "browser", "postgres-concurrency"
FIRST_UNITS = [BROWSER, POSTGRES_CONCURRENCY]
# Modules whose every test is a unit of its own, for the two workers to share: long tests on
# a demo that module_demo restores in a second on each worker that runs some of them.
ONE_UNIT_PER_TEST = {"tests/cms/test_permission_matrix.py"}


def unit_key(nodeid):
    path = nodeid.split("::")[0]
    if path.startswith("tests/e2e/"):
        return BROWSER
    if path.endswith("/test_concurrency.py") or path == "tests/cms/test_postgres.py":
        return POSTGRES_CONCURRENCY
    if path in ONE_UNIT_PER_TEST:
        return nodeid
    return path


def kind_order(item):
    """0, 1, 2 for tests with the database, transactional ones and tests without it, as
    pytest-django sorts them (its rule, which it does not expose); -1 for the system test."""
    if item.nodeid.startswith("tests/system/"):
        # The production stack (minutes, its own processes and database) goes first, so that
        # it runs beside the rest of the suite rather than alone after it.
        return -1
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return 1
    if fixtures & {"transactional_db", "live_server"}:
        return 1
    return 0 if marker or "db" in fixtures else 2


def order_for_workers(items):
    def first(item):
        key = unit_key(item.nodeid)
        return FIRST_UNITS.index(key) if key in FIRST_UNITS else len(FIRST_UNITS)

    items.sort(key=lambda item: (kind_order(item), first(item)))


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, absent with -p no:xdist
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class UnitScheduling(LoadScopeScheduling):
        """loadscope, with the work units above as its scopes."""

        units = None

        def _split_scope(self, nodeid):
            if self.units is None:
                collection = next(iter(self.registered_collections.values()))
                self.units, previous, number = {}, None, 0
                for test in collection:
                    key = unit_key(test)
                    number += key != previous
                    self.units[test], previous = f"{number}:{key}", key
            return self.units[nodeid]

    return UnitScheduling(config, log)


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in Japanese, the site's default: a request to /en/ in one test must not
    leave the next test speaking English."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache. The database is rolled back between tests, but
    the local-memory cache is not, and an entry an earlier test cached (a page, cms/core/pagecache.py,
    or the page frame, cms/core/frame.py) may show what that test wrote and rolled back: rolling
    back moves no version back."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo(db):
    """The demo site, as `make run` loads it."""
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(scope="session")
def demo_copy(django_db_setup, django_db_blocker):
    """The demo site, loaded once per test database (each xdist worker's) and copied into it
    (tests/demo_copy.py), for module_demo and the browser tests' demo_site to restore."""
    from tests.demo_copy import copy_of_the_demo

    with django_db_blocker.unblock():
        copy = copy_of_the_demo()
    yield copy
    with django_db_blocker.unblock():
        copy.drop()


@pytest.fixture(scope="module")
def module_demo(demo_copy, django_db_blocker):
    """The demo site for a whole module of tests that only read it, as Django's
    TestCase.setUpTestData does: restored from the copy (demo_copy) in a transaction around the
    module, each test in a savepoint inside it, everything rolled back at the end."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            demo_copy.restore()
            cache.clear()  # Wagtail's cached site root paths name the pages replaced
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()  # Wagtail's cached site root paths name the pages rolled back
            ContentType.objects.clear_cache()  # and the content types may be others again


@pytest.fixture
def shared_demo(module_demo, db):
    """The module's demo site (see module_demo), as it was loaded: what a test writes, even
    loading the demo again, is rolled back when it ends. (The module's tests without it run
    first, before the demo is loaded: see shared_demo_last.)"""
