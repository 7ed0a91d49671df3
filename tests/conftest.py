import io
import shutil

import pytest
from django.conf import settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def on_postgres():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


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


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in Japanese, the site's default: a request to /en/ in one test must not
    leave the next test speaking English."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def demo(db):
    """The demo site, as `make run` loads it."""
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(scope="module")
def module_demo(django_db_setup, django_db_blocker):
    """The demo site loaded once for a whole module of tests that only read it, as Django's
    TestCase.setUpTestData does: loaded in a transaction around the module, each test in a
    savepoint inside it, everything rolled back at the end. Loading it takes 15-30 seconds."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            cache.clear()  # Wagtail's cached site root paths name the pages rolled back


@pytest.fixture
def shared_demo(module_demo, db):
    """The module's demo site (see module_demo), for a test that changes nothing lasting."""
