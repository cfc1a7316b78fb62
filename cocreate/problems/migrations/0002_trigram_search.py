"""On PostgreSQL: the trigram extension and an index on problem titles, for suggestions while typing.

SQLite installations rank suggestions with the sensemaking engine instead, so nothing happens there.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS problems_title_trgm ON problems_problem USING gin (title gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS problems_title_trgm"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("problems", "0001_initial")]
    operations = [migrations.RunPython(run(CREATE), run(DROP))]
