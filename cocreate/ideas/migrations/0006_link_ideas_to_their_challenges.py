"""Ideas proposed before their action recorded the lineage get their "proposed in" link to their challenge."""

from django.db import migrations

from cocreate.core.migrations_support import link_rows_to_their_challenges


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0002_link_kinds_registered_by_apps"),
        ("challenges", "0003_challenge_follower_count"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("ideas", "0005_idea_workflow"),
    ]

    operations = [link_rows_to_their_challenges("ideas", "idea", "proposed_in")]
