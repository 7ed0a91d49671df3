"""On PostgreSQL, trigram GIN indexes on the normalised text so that LIKE '%…%' does not scan
the table (see SearchEntry's docstring for why pg_trgm). SQLite has no such index and needs none
for a platform's few thousand entries; the queries and results are the same."""

from django.db import migrations

INDEXES = [
    ("site_search_title_trgm", "title_norm"),
    ("site_search_body_trgm", "body_norm"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON site_search_searchentry "
            f"USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("site_search", "0001_search_entries")]

    operations = [migrations.RunPython(create, drop)]
