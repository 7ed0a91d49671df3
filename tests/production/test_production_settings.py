"""Production settings refuse to start misconfigured, and pass Django's deployment checks with
the environment the README documents.

Each case runs in a fresh interpreter with exactly the variables given, as a deployment would."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

# Variables a developer's shell or CI may carry that would change what production sees.
CONFIG_PREFIXES = ("DATABASE_", "SECRET_", "DEBUG", "ALLOWED_", "CSRF_", "BASE_URL", "REDIS_")
CONFIG_PREFIXES += ("EMAIL_", "MEDIA_", "SECURE_", "SESSION_", "DJANGO_")


def documented_environment(tmp_path):
    """The README's production environment, with a SQLite file instead of PostgreSQL."""
    return {
        "SECRET_KEY": secrets.token_urlsafe(48)[:50],
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ALLOWED_HOSTS": "tsunagu.city.example.jp",
        "CSRF_TRUSTED_ORIGINS": "https://tsunagu.city.example.jp",
        "BASE_URL": "https://tsunagu.city.example.jp",
        "EMAIL_URL": "smtp+tls://user:pass@smtp.example.jp:587",
    }


def run(arguments, **variables):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(CONFIG_PREFIXES)}
    environment.update(variables, DJANGO_SETTINGS_MODULE="cms.settings.production")
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def start(**variables):
    return run(["-c", "import django; django.setup()"], **variables)


def without(variables, *names):
    return {k: v for k, v in variables.items() if k not in names}


def test_the_documented_environment_starts(tmp_path):
    result = start(**documented_environment(tmp_path))
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_base_url(tmp_path):
    result = start(**without(documented_environment(tmp_path), "BASE_URL"))
    assert result.returncode != 0
    assert "ImproperlyConfigured: BASE_URL is not set" in result.stderr
    assert "BASE_URL=https://tsunagu.city.example.jp" in result.stderr


def test_production_refuses_a_base_url_without_scheme(tmp_path):
    result = start(**documented_environment(tmp_path) | {"BASE_URL": "tsunagu.city.example.jp"})
    assert result.returncode != 0
    assert "BASE_URL is not set" in result.stderr


def test_production_refuses_to_start_without_a_mail_server(tmp_path):
    result = start(**without(documented_environment(tmp_path), "EMAIL_URL"))
    assert result.returncode != 0
    assert "ImproperlyConfigured: No mail server is configured" in result.stderr
    assert "set EMAIL_URL" in result.stderr
    assert "EMAIL_URL=consolemail:// explicitly" in result.stderr


@pytest.mark.parametrize(
    "mail",
    [{"EMAIL_HOST": "smtp.example.jp"}, {"EMAIL_URL": "consolemail://"}],
    ids=["email-host", "console-for-a-trial"],
)
def test_production_starts_with_email_host_or_an_explicit_console(tmp_path, mail):
    result = start(**without(documented_environment(tmp_path), "EMAIL_URL") | mail)
    assert result.returncode == 0, result.stderr


def test_production_sends_hsts_for_a_year_with_subdomains_and_preload(tmp_path):
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    result = run(["-c", probe], **documented_environment(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True"]


@pytest.mark.parametrize(
    "redis", [{}, {"REDIS_URL": "redis://127.0.0.1:6379/0"}], ids=["without-redis", "with-redis"]
)
def test_deployment_checks_are_clean_with_the_documented_environment(tmp_path, redis):
    """The check reads settings only: it neither creates the database nor connects to Redis."""
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **documented_environment(tmp_path) | redis,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert not (tmp_path / "db.sqlite3").exists()
