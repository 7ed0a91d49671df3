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
