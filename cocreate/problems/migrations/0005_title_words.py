"""On PostgreSQL: the distinct words of problem titles, with a trigram index, for suggestions while typing.

Suggestions correct each typed word to the most similar known words here (a few tens of thousands of rows, so the
trigram search is quick, unlike on the titles themselves), then look the corrected words up in the full-text index
of 0004. The words are those of ``to_tsvector('simple', title)``, exactly the lexemes of that index.

A trigger keeps the table current when a title is written; words are never removed (a stale word only costs a
useless alternative in a search). There is no Django model: only the suggestion query reads the table, in SQL, and
only the trigger writes it. SQLite does nothing here.
"""

from django.db import migrations

WORDS = "SELECT unnest(tsvector_to_array(to_tsvector('simple'::regconfig, {title})))"

CREATE = [
    "CREATE TABLE IF NOT EXISTS problems_title_word (word text PRIMARY KEY)",
    # GIN rather than GiST: a search for words similar to a few typed ones (``word % typed``) takes a fraction of a
    # millisecond per word on GIN; the ordered (KNN) search of GiST took several.
    "CREATE INDEX IF NOT EXISTS problems_title_word_trgm ON problems_title_word USING gin (word gin_trgm_ops)",
    f"""
    CREATE OR REPLACE FUNCTION problems_title_word_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO problems_title_word (word) {WORDS.format(title="NEW.title")} ON CONFLICT DO NOTHING;
        RETURN NULL;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS problems_title_word_add ON problems_problem",
    "CREATE TRIGGER problems_title_word_add AFTER INSERT ON problems_problem "
    "FOR EACH ROW EXECUTE FUNCTION problems_title_word_add()",
    "DROP TRIGGER IF EXISTS problems_title_word_change ON problems_problem",
    "CREATE TRIGGER problems_title_word_change AFTER UPDATE OF title ON problems_problem "
    "FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title) EXECUTE FUNCTION problems_title_word_add()",
    # The words of the titles already there. A distinct sort of a million titles' words takes seconds.
    "INSERT INTO problems_title_word (word) SELECT DISTINCT word FROM "
    f"({WORDS.format(title="title")} AS word FROM problems_problem) AS words ON CONFLICT DO NOTHING",
    "ANALYZE problems_title_word",
]
DROP = [
    "DROP TRIGGER IF EXISTS problems_title_word_change ON problems_problem",
    "DROP TRIGGER IF EXISTS problems_title_word_add ON problems_problem",
    "DROP FUNCTION IF EXISTS problems_title_word_add()",
    "DROP TABLE IF EXISTS problems_title_word",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("problems", "0004_suggestion_search")]
    operations = [migrations.RunPython(run(CREATE), run(DROP))]
