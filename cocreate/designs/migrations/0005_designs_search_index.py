"""On PostgreSQL: a full-text index for site-wide search (``core.search``), on the expression it searches.

The fields must stay those of ``queries.SEARCH_FIELDS``, in the same order, or the search stops using the index.
SQLite does nothing here.
"""

from django.db import migrations

from cocreate.core.search import search_index


class Migration(migrations.Migration):
    dependencies = [("designs", "0004_testrounds")]
    operations = [
        search_index(
            app_label="designs", model_name="design", name="designs_design_search", fields=("title", "summary")
        ),
    ]
