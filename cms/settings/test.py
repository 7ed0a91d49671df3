import tempfile

from .base import *

SECRET_KEY = "test-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Local memory even when REDIS_URL is set, with base's room for calendar fragments.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
# Tasks run in the test process, for real, when they are queued.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
Q_CLUSTER.pop("redis", None)
Q_CLUSTER["orm"] = "default"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tsunagu-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tsunagu-test-private-media-"))
STORAGES = {
    "default": {"BACKEND": "cms.core.storage.MediaStorage"},
    "public": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "cms.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests fetch from a server on 127.0.0.1; the refusal is tested by turning this off.
FETCH_ALLOW_PRIVATE_ADDRESSES = True
# On PostgreSQL, a commit need not wait for its WAL to reach the disk: a test database is
# thrown away, and waiting made the migrations of each worker's database (one transaction
# per migration) and every transactional test twice as slow. What a commit does, locks and
# visibility included, is unchanged.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"

# Tests send the same forms many times from one address: the limits are out of reach, and the
# tests of the limiter lower them (tests/test_abuse.py).
RATELIMITS = dict.fromkeys(RATELIMITS, "100000/m")
