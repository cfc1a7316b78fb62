"""On PostgreSQL: a full-text index for site-wide search (``core.search``), on the expression it searches.

The fields must stay those of ``queries.SEARCH_FIELDS``, in the same order, or the search stops using the index.
SQLite does nothing here.
"""

from django.db import migrations

from cocreate.core.search import search_index


class Migration(migrations.Migration):
    dependencies = [("challenges", "0008_bounded_amounts_and_dates")]
    operations = [
        search_index(
            app_label="challenges",
            model_name="challenge",
            name="challenges_challenge_search",
            fields=("title", "summary", "problem_statement"),
        ),
    ]
