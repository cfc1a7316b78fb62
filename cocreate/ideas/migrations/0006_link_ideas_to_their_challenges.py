"""Ideas proposed before their action recorded the lineage get their "proposed in" link to their challenge.

Idempotent: a link that exists already is left as it is (links are unique).
"""

from django.db import migrations

BATCH = 2000


def link_ideas_to_their_challenges(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Link = apps.get_model("activity", "Link")
    Idea = apps.get_model("ideas", "Idea")
    rows = Idea.objects.order_by("pk").values_list("pk", "challenge_id", "author_id")
    if not rows.exists():
        return
    idea_type, _ = ContentType.objects.get_or_create(app_label="ideas", model="idea")
    challenge_type, _ = ContentType.objects.get_or_create(app_label="challenges", model="challenge")
    batch = []
    for idea_id, challenge_id, author_id in rows.iterator(chunk_size=BATCH):
        batch.append(
            Link(
                source_type=idea_type,
                source_id=idea_id,
                target_type=challenge_type,
                target_id=challenge_id,
                kind="proposed_in",
                created_by_id=author_id,
            )
        )
        if len(batch) == BATCH:
            Link.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Link.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0002_link_kinds_registered_by_apps"),
        ("challenges", "0003_challenge_follower_count"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("ideas", "0005_idea_workflow"),
    ]

    operations = [migrations.RunPython(link_ideas_to_their_challenges, migrations.RunPython.noop)]
