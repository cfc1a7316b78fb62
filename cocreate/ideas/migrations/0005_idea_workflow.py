"""Ideas follow a workflow of their own: "done" is now "implemented", and "in progress" (which the idea workflow
does not have: an accepted idea is taken forward elsewhere) becomes "accepted". Their status history moves along."""

from django.db import migrations, models

RENAMED = {"done": "implemented", "in_progress": "accepted"}
RENAMED_BACK = {"implemented": "done"}


def rename_statuses(apps, renamed):
    Idea = apps.get_model("ideas", "Idea")
    StatusChange = apps.get_model("engagement", "StatusChange")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="ideas", model="idea").first()
    for old, new in renamed.items():
        Idea.objects.filter(status=old).update(status=new)
        if content_type is not None:
            changes = StatusChange.objects.filter(target_type=content_type)
            changes.filter(old_status=old).update(old_status=new)
            changes.filter(new_status=old).update(new_status=new)


def forwards(apps, schema_editor):
    rename_statuses(apps, RENAMED)


def backwards(apps, schema_editor):
    rename_statuses(apps, RENAMED_BACK)


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0004_move_votes_and_opinion_maps_out"),
        ("engagement", "0004_status_values_of_any_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="idea",
            name="status",
            field=models.CharField(
                choices=[
                    ("submitted", "Submitted"),
                    ("under_review", "Under review"),
                    ("accepted", "Accepted"),
                    ("not_accepted", "Not accepted"),
                    ("duplicate", "Duplicate"),
                    ("implemented", "Implemented"),
                ],
                default="submitted",
                max_length=20,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
