"""Two application servers sharing Redis and the database serve the same state: a change made
on one is seen on the other's next request (cms/core/freshness.py, cms/core/pagecache.py)."""

import os
import socket
import subprocess
import sys
import uuid

import pytest
from django.db import connection

from tests.cms.test_page_cache import make_page
from tests.pagecache import assert_shows_the_change, warm

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

REDIS = ("127.0.0.1", 6379)

# The other server: the same settings, database and cache, publishing a new title.
OTHER_SERVER = """
import django
django.setup()
from django.test import override_settings
from wagtail.models import Page
with override_settings(CACHES={caches!r}):
    page = Page.objects.get(pk={pk}).specific
    page.title = "居場所のご案内（改訂）"
    page.save_revision().publish()
"""


@pytest.fixture
def shared_cache(settings):
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
    except OSError:
        pytest.skip("needs Redis at 127.0.0.1:6379 (CI runs it)")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://{REDIS[0]}:{REDIS[1]}/15",
            # this run's own keys: other runs may share the server
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    return settings.CACHES


def database_url():
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def test_a_change_on_one_server_is_seen_on_the_other(client, shared_cache):
    page = make_page()
    before = warm(client, page.url)
    subprocess.run(
        [sys.executable, "-c", OTHER_SERVER.format(caches=shared_cache, pk=page.pk)],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": database_url(),
        },
        check=True,
        timeout=60,
    )
    assert "改訂" in assert_shows_the_change(client, page.url, before).content.decode()
