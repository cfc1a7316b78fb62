"""On PostgreSQL: a full-text index for site-wide search (``core.search``), on the expression it searches.

The fields must stay those of ``queries.SEARCH_FIELDS``, in the same order, or the search stops using the index.
SQLite does nothing here.
"""

from django.db import migrations

from cocreate.core.search import search_index


class Migration(migrations.Migration):
    dependencies = [("ideas", "0007_idea_stage")]
    operations = [
        search_index(app_label="ideas", model_name="idea", name="ideas_idea_search", fields=("title", "description")),
    ]
