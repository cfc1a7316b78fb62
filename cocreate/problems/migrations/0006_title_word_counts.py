"""On PostgreSQL: how many titles hold each word of the words table of 0005, for suggestions while typing.

Suggestions choose the corrections of a typed word among the more used of the words like it, search the rarer typed
words first, and search an unfinished last word as a prefix only while the words it may begin are rare (a prefix
search reads their posting lists in full). The counts are filled here and refreshed by the
``refresh_title_word_counts`` task, queued daily; the trigger of 0005 does not count (each new title would lock the
rows of its common words), so a new word has n = 1 until the next refresh. SQLite does nothing here.
"""

from django.db import migrations

# The statement of cocreate.problems.tasks.COUNT_TITLE_WORDS as it was when this migration was written.
COUNT = """
    WITH counts AS (
        SELECT word, count(*) AS n
        FROM (
            SELECT unnest(tsvector_to_array(to_tsvector('simple'::regconfig, title))) AS word FROM problems_problem
        ) AS w
        GROUP BY word
    )
    UPDATE problems_title_word AS t SET n = coalesce(c.n, 0)
    FROM problems_title_word AS k LEFT JOIN counts AS c ON c.word = k.word
    WHERE t.word = k.word AND t.n IS DISTINCT FROM coalesce(c.n, 0)
"""

CREATE = [
    # Room on each page, so that a refresh of the counts (no indexed column changes) is a HOT update: the trigram
    # index is not touched. The backfill rewrites every row, into pages with that room.
    "ALTER TABLE problems_title_word SET (fillfactor = 70)",
    "ALTER TABLE problems_title_word ADD COLUMN IF NOT EXISTS n integer NOT NULL DEFAULT 1",
    COUNT,
    # The rewritten rows went to the trigram index's pending list, which every search reads in full until a vacuum.
    "SELECT gin_clean_pending_list('problems_title_word_trgm'::regclass)",
    "ANALYZE problems_title_word",
]
DROP = [
    "ALTER TABLE problems_title_word DROP COLUMN IF EXISTS n",
    "ALTER TABLE problems_title_word RESET (fillfactor)",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("problems", "0005_title_words")]
    operations = [migrations.RunPython(run(CREATE), run(DROP))]
