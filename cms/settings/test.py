import tempfile

from .base import *

SECRET_KEY = "test-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tasks run in the test process, for real, when they are queued.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
Q_CLUSTER.pop("redis", None)
Q_CLUSTER["orm"] = "default"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="tsunagu-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests fetch from a server on 127.0.0.1; the refusal is tested by turning this off.
FETCH_ALLOW_PRIVATE_ADDRESSES = True
# Tests send the same forms many times from one address: the limits are out of reach, and the
# tests of the limiter lower them (tests/cms/test_abuse.py).
RATELIMITS = dict.fromkeys(RATELIMITS, "100000/m")
