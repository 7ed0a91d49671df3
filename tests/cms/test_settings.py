"""Settings come from environment variables, with safe development defaults.

Each case imports the settings in a fresh interpreter with exactly the variables given, as a
deployment would."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

PROBE = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""),
    "debug": settings.DEBUG, "allowed_hosts": settings.ALLOWED_HOSTS,
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "q_redis": settings.Q_CLUSTER.get("redis"), "q_orm": settings.Q_CLUSTER.get("orm"),
    "q_retry": settings.Q_CLUSTER["retry"], "q_timeout": settings.Q_CLUSTER["timeout"],
    "q_catch_up": settings.Q_CLUSTER["catch_up"],
    "email_backend": settings.EMAIL_BACKEND, "email_host": settings.EMAIL_HOST,
    "email_port": settings.EMAIL_PORT, "email_tls": settings.EMAIL_USE_TLS,
    "media_storage": settings.STORAGES["public"]["BACKEND"],
    "media_options": settings.STORAGES["public"].get("OPTIONS", {}),
    "documents_storage": settings.STORAGES["private"]["BACKEND"],
    "documents_options": {
        k: str(v) for k, v in settings.STORAGES["private"].get("OPTIONS", {}).items()
    },
    "documents_serve_method": settings.WAGTAILDOCS_SERVE_METHOD,
    "media_root": str(settings.MEDIA_ROOT),
    "time_zone": settings.TIME_ZONE, "use_tz": settings.USE_TZ,
    "language_code": settings.LANGUAGE_CODE,
    "languages": [code for code, _ in settings.LANGUAGES],
}))
"""

CONFIG_VARIABLES = {
    "DATABASE_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "EMAIL_URL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "MEDIA_S3_BUCKET",
    "MEDIA_S3_PRIVATE_BUCKET",
    "MEDIA_S3_ENDPOINT_URL",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests for their own process
}


def run_settings(module, **variables):
    environment = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    environment.update(variables, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def load(module="cms.settings.dev", **variables):
    result = run_settings(module, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_configuration_development_uses_a_sqlite_file_in_the_project_folder():
    config = load()
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["name"] == str(BASE_DIR / "db.sqlite3")
    assert config["debug"] is True
    assert config["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert config["q_orm"] == "default" and config["q_redis"] is None
    assert config["email_backend"] == "django.core.mail.backends.console.EmailBackend"
    assert config["media_storage"] == "django.core.files.storage.FileSystemStorage"
    # documents on local disk, outside the media folder that nginx serves, served by the view
    assert config["documents_storage"] == "cms.core.storage.PrivateFileSystemStorage"
    private_root = Path(config["documents_options"]["location"])
    assert private_root == BASE_DIR / "private-media"
    assert not private_root.is_relative_to(config["media_root"])
    assert config["documents_serve_method"] == "serve_view"


def test_japanese_time_and_language_are_the_defaults():
    config = load()
    assert config["time_zone"] == "Asia/Tokyo"
    assert config["use_tz"] is True
    assert config["language_code"] == "ja"
    assert config["languages"][:2] == ["ja", "en"]


def test_database_url_selects_postgresql():
    config = load(DATABASE_URL="postgres://tsunagu:secret@db.internal:5432/tsunagu")
    assert config["engine"] == "django.db.backends.postgresql"
    assert config["name"] == "tsunagu"
    assert config["host"] == "db.internal"


def test_allowed_hosts_is_a_comma_separated_list():
    config = load(ALLOWED_HOSTS="tsunagu.city.example.jp,www.example.jp")
    assert config["allowed_hosts"] == ["tsunagu.city.example.jp", "www.example.jp"]


def test_redis_url_makes_redis_the_cache_and_the_task_broker():
    config = load(REDIS_URL="redis://127.0.0.1:6379/2")
    assert config["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert config["cache_location"] == "redis://127.0.0.1:6379/2"
    assert config["q_redis"] == "redis://127.0.0.1:6379/2"
    assert config["q_orm"] is None


def test_task_retry_is_longer_than_the_timeout_and_missed_schedules_are_not_replayed():
    config = load()
    assert config["q_retry"] > config["q_timeout"]
    assert config["q_catch_up"] is False


def test_email_url_configures_smtp():
    config = load(EMAIL_URL="smtp+tls://mailer:pw@smtp.example.jp:587")
    assert config["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["email_host"] == "smtp.example.jp"
    assert config["email_port"] == 587
    assert config["email_tls"] is True


def test_email_host_configures_smtp_without_a_url():
    config = load(EMAIL_HOST="smtp.example.jp", EMAIL_PORT="2525", EMAIL_USE_TLS="false")
    assert config["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["email_host"] == "smtp.example.jp"
    assert config["email_port"] == 2525
    assert config["email_tls"] is False


def test_media_s3_bucket_moves_media_to_object_storage_and_documents_to_a_private_bucket():
    config = load(
        MEDIA_S3_BUCKET="tsunagu-media",
        MEDIA_S3_PRIVATE_BUCKET="tsunagu-documents",
        MEDIA_S3_ENDPOINT_URL="https://s3.example.jp",
        MEDIA_S3_CUSTOM_DOMAIN="media.example.jp",
    )
    assert config["media_storage"] == "storages.backends.s3.S3Storage"
    assert config["media_options"]["bucket_name"] == "tsunagu-media"
    assert config["media_options"]["endpoint_url"] == "https://s3.example.jp"
    assert config["documents_storage"] == "storages.backends.s3.S3Storage"
    documents = config["documents_options"]
    assert documents["bucket_name"] == "tsunagu-documents"
    assert documents["endpoint_url"] == "https://s3.example.jp"
    # signed addresses that expire within minutes, never the public domain's unsigned ones
    assert documents["querystring_auth"] == "True"
    assert int(documents["querystring_expire"]) <= 300
    assert documents["custom_domain"] == "None"
    assert config["documents_serve_method"] == "redirect"


def test_media_s3_bucket_without_a_private_bucket_for_documents_is_refused():
    result = run_settings("cms.settings.dev", MEDIA_S3_BUCKET="tsunagu-media")
    assert result.returncode != 0
    assert "MEDIA_S3_PRIVATE_BUCKET" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings("cms.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("key", ["", "django-insecure-copied-from-dev"])
def test_production_refuses_an_empty_or_development_secret_key(key):
    result = run_settings("cms.settings.production", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_starts_with_a_secret_key_and_debug_off():
    config = load(
        "cms.settings.production",
        SECRET_KEY="a" * 50,
        BASE_URL="https://tsunagu.city.example.jp",
        EMAIL_URL="consolemail://",
    )
    assert config["debug"] is False


def test_production_passes_djangos_deployment_checks():
    environment = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    environment.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="k" * 50 + "unique-enough-for-the-check",
        ALLOWED_HOSTS="tsunagu.city.example.jp",
        BASE_URL="https://tsunagu.city.example.jp",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example.jp:587",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
