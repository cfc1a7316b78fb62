"""Problems reported in a challenge before its action recorded the lineage get their "raised in" link."""

from django.db import migrations

from cocreate.core.migrations_support import link_rows_to_their_challenges


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0002_link_kinds_registered_by_apps"),
        ("challenges", "0003_challenge_follower_count"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("problems", "0008_drop_indexes_led_by_composites"),
    ]

    operations = [link_rows_to_their_challenges("problems", "problem", "raised_in")]
