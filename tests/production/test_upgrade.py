"""Upgrading keeps what residents gave us: a database made by the previous release, with its
demo registrations, pledges and shift sign-ups, is migrated by this checkout and still holds
every one of them with its status, with no migration left unapplied; a document it uploaded
has moved out of the media folder the web server serves into the private one (issue 16).

The previous release is taken from git (the commit before issue 15) and run with this
virtualenv's Python in its own folder, against a database of the kind the suite runs on: a
SQLite file, or a fresh PostgreSQL database of its own (CI runs the suite on both, so both are
upgraded). Each database is one ordinary test, so it runs once however the suite is split
between workers."""

import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from tests.conftest import on_postgres

BASE_DIR = Path(__file__).resolve().parents[2]
# The last commit before issue 15 ("Deployable as documented"): the release installations run.
PREVIOUS_RELEASE = "1ed6ec9^"

# What residents and staff entered, row by row, and what the site is made of.
SNAPSHOT = {
    "registrations": "SELECT reference, status, person_id FROM events_registration",
    "pledges": "SELECT reference, status, person_id FROM fooddrives_pledge",
    "shift sign-ups": "SELECT id, status, shift_id, volunteer_id FROM volunteers_shiftsignup",
    "people": "SELECT id, name, email FROM people_person",
    "pages": "SELECT id, url_path, live FROM wagtailcore_page",
}


def previous_release(tmp_path):
    """The previous release's files in a folder of their own, or a skip that says why not."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed: cannot check out the previous release")
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{PREVIOUS_RELEASE}^{{commit}}"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    if commit.returncode != 0:
        pytest.skip(f"{PREVIOUS_RELEASE} is not in this clone (a shallow or exported copy?)")
    archive = tmp_path / "previous.tar"
    subprocess.run(
        ["git", "archive", f"--output={archive}", commit.stdout.strip()], cwd=BASE_DIR, check=True
    )
    folder = tmp_path / "previous"
    shutil.unpack_archive(archive, folder, filter="data")
    return folder


def manage(folder, database_url, *arguments, media=None):
    """manage.py of the checkout in `folder`, with nothing of the caller's configuration but
    the folders of uploaded files (`media`: public, private), shared by both releases."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DATABASE_", "REDIS_", "EMAIL_", "MEDIA_", "PRIVATE_MEDIA_", "DJANGO_")
        )
    }
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", DATABASE_URL=database_url)
    # On PostgreSQL, as the suite's own connections do (cms/settings/test.py): a commit does not
    # wait for the disk, which halves the time of two full runs of the migrations.
    environment["PGOPTIONS"] = "-c synchronous_commit=off"
    if media:
        environment.update(MEDIA_ROOT=str(media[0]), PRIVATE_MEDIA_ROOT=str(media[1]))
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (
        f"{folder}: manage.py {arguments}\n{result.stdout}{result.stderr}"
    )
    return result.stdout


# The previous release kept documents with the images, in MEDIA_ROOT/documents.
OLD_DOCUMENT = """
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
document = get_document_model().objects.create(
    title="議事録", file=ContentFile(b"%PDF-1.4 minutes", name="gijiroku.pdf")
)
print("FILE", document.file.name)
"""


def upgrade(tmp_path, database_url, connect):
    old = previous_release(tmp_path)
    media = (tmp_path / "media", tmp_path / "private-media")
    manage(old, database_url, "migrate", "--noinput", media=media)
    manage(old, database_url, "load_demo", media=media)
    out = manage(old, database_url, "shell", "-c", OLD_DOCUMENT, media=media)
    document = out.split("FILE", 1)[1].split()[0]
    assert (media[0] / document).exists()
    before = snapshot(connect)
    for rows in ("registrations", "pledges", "shift sign-ups"):
        assert before[rows], f"the previous release's demo has no {rows} to keep"

    manage(BASE_DIR, database_url, "migrate", "--noinput", media=media)

    # The document's file left the folder the web server serves, under the same name.
    assert not (media[0] / document).exists()
    assert (media[1] / document).read_bytes() == b"%PDF-1.4 minutes"
    after = snapshot(connect)
    for rows, kept in before.items():
        assert after[rows] == kept, f"{rows} changed in the upgrade"
    manage(BASE_DIR, database_url, "migrate", "--check", media=media)
    assert "[ ]" not in manage(BASE_DIR, database_url, "showmigrations", media=media)


def snapshot(connect):
    with closing(connect()) as connection, closing(connection.cursor()) as cursor:
        taken = {}
        for rows, query in SNAPSHOT.items():
            cursor.execute(query)
            taken[rows] = sorted(tuple(str(value) for value in row) for row in cursor.fetchall())
        return taken


@pytest.mark.skipif(
    on_postgres(), reason="the suite runs on PostgreSQL, whose upgrade is tested instead"
)
def test_upgrading_a_sqlite_database_keeps_registrations_pledges_and_sign_ups(tmp_path):
    database = tmp_path / "previous.sqlite3"
    upgrade(tmp_path, f"sqlite:///{database}", lambda: sqlite3.connect(database))


@pytest.mark.postgres
def test_upgrading_a_postgresql_database_keeps_registrations_pledges_and_sign_ups(tmp_path):
    import psycopg

    server = settings.DATABASES["default"]
    credentials = {
        "host": server["HOST"] or None,
        "port": server["PORT"] or None,
        "user": server["USER"] or None,
        "password": server["PASSWORD"] or None,
    }
    name = f"tsunagu_upgrade_{secrets.token_hex(4)}"
    with closing(psycopg.connect(dbname="postgres", autocommit=True, **credentials)) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        user = quote(server["USER"] or "", safe="")
        password = f":{quote(server['PASSWORD'], safe='')}" if server["PASSWORD"] else ""
        host = f"{server['HOST'] or 'localhost'}:{server['PORT'] or 5432}"
        url = f"postgres://{user}{password}@{host}/{name}"
        upgrade(tmp_path, url, lambda: psycopg.connect(dbname=name, **credentials))
    finally:
        with closing(psycopg.connect(dbname="postgres", autocommit=True, **credentials)) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
