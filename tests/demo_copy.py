"""The demo site loaded once per test database and copied, table by table, into tables of that
database: a test or a module that needs the demo gets every table emptied and filled again from
the copies, a copy inside the database server of a few thousand rows that takes a second where
load_demo takes half a minute (28 000 queries). See demo_copy in tests/conftest.py."""

import io

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


def quoted(table):
    return connection.ops.quote_name(table)


def virtual_tables():
    """SQLite's full-text indexes (the search backends' *_fts): triggers on the tables they
    index fill and empty them, and a row copied into one would stand beside the trigger's."""
    if connection.vendor != "sqlite":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"
        )
        return {name for (name,) in cursor.fetchall()}


class TableCopies:
    """A copy of every table that a flush (the transactional tests' reset) empties, as it is
    now. Copy names are numbered: a prefixed table name could pass PostgreSQL's 63 characters."""

    def __init__(self, prefix):
        self.tables = sorted(
            connection.introspection.django_table_names(only_existing=True, include_views=False)
        )
        virtual = virtual_tables()
        copied = [table for table in self.tables if table not in virtual]
        self.copies = {table: f"{prefix}_{n}" for n, table in enumerate(copied)}
        with connection.cursor() as cursor:
            for table, copy in self.copies.items():
                # A run stopped short leaves its copies in a database kept with --reuse-db.
                cursor.execute(f"DROP TABLE IF EXISTS {quoted(copy)}")
                # Table names from Django's models and our own numbering, quoted.
                cursor.execute(f"CREATE TABLE {quoted(copy)} AS SELECT * FROM {quoted(table)}")  # noqa: S608

    def restore(self):
        """Every table as it was copied, in one transaction or in the caller's. DELETE, not
        TRUNCATE: inside module_demo's transaction, TRUNCATE's locks would stop every other
        connection (a live server's) until the module ends. The foreign keys are deferred
        (Django makes them so): checked at the commit, when every table is full again."""
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DELETE FROM {quoted(table)}")  # noqa: S608
            for table, copy in self.copies.items():
                cursor.execute(f"INSERT INTO {quoted(table)} SELECT * FROM {quoted(copy)}")  # noqa: S608
            # PostgreSQL's sequences on past the copied ids (SQLite moves its own on insert).
            models = [
                model
                for model in apps.get_models(include_auto_created=True)
                if model._meta.db_table in self.copies
            ]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        # The content types are the copied rows now, whose ids a flush since may have changed.
        ContentType.objects.clear_cache()

    def drop(self):
        with connection.cursor() as cursor:
            for copy in self.copies.values():
                cursor.execute(f"DROP TABLE {quoted(copy)}")


def copy_of_the_demo():
    """The demo, loaded as `make run` loads it (on the migrated database, or on what the tests
    before left), and copied; the database is then put back as it was."""
    before = TableCopies("before_demo")
    call_command("load_demo", stdout=io.StringIO())
    demo = TableCopies("demo")
    before.restore()
    before.drop()
    return demo
