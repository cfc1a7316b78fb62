"""Problems reported in a challenge before its action recorded the lineage get their "raised in" link.

Idempotent: a link that exists already is left as it is (links are unique).
"""

from django.db import migrations

BATCH = 2000


def link_problems_to_their_challenges(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Link = apps.get_model("activity", "Link")
    Problem = apps.get_model("problems", "Problem")
    rows = Problem.objects.filter(challenge__isnull=False).order_by("pk").values_list("pk", "challenge_id", "author_id")
    if not rows.exists():
        return
    problem_type, _ = ContentType.objects.get_or_create(app_label="problems", model="problem")
    challenge_type, _ = ContentType.objects.get_or_create(app_label="challenges", model="challenge")
    batch = []
    for problem_id, challenge_id, author_id in rows.iterator(chunk_size=BATCH):
        batch.append(
            Link(
                source_type=problem_type,
                source_id=problem_id,
                target_type=challenge_type,
                target_id=challenge_id,
                kind="raised_in",
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
        ("problems", "0008_drop_indexes_led_by_composites"),
    ]

    operations = [migrations.RunPython(link_problems_to_their_challenges, migrations.RunPython.noop)]
