"""On PostgreSQL: a full-text index on problem titles, for suggestions while typing.

Suggestions look up the typed words in this index (every word, the last one as a prefix) and rank the matches by
trigram similarity. The trigram index of 0002 alone is too slow on a million problems: titles share most of their
trigrams ("Pothole on … Street"), so a trigram search reads long posting lists. SQLite does nothing here.
"""

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS problems_title_words ON problems_problem "
    "USING gin (to_tsvector('simple'::regconfig, title))"
]
DROP = ["DROP INDEX IF EXISTS problems_title_words"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("problems", "0003_open311_reporter_contact_and_service_user")]
    operations = [migrations.RunPython(run(CREATE), run(DROP))]
