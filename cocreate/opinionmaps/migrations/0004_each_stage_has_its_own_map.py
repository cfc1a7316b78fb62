"""Each opinion-map stage of a challenge has statements and a map of its own: the stored map moves from the challenge
to its stage. Statements seeded before their stage opened (left without a stage by the back-fill from dates) belong
to the challenge's first opinion-map stage. A stored map is a cache of the votes, so one without a stage is dropped
and computed again at the next vote."""

import django.db.models.deletion
from django.db import migrations, models


def maps_to_their_stages(apps, schema_editor):
    statements = apps.get_model("opinionmaps", "Statement").objects
    results = apps.get_model("opinionmaps", "OpinionMapResult").objects
    stages = apps.get_model("challenges", "Stage").objects
    for challenge_id in set(statements.filter(stage__isnull=True).values_list("challenge_id", flat=True)):
        stage = stages.filter(challenge_id=challenge_id, type="opinion_map").order_by("position").first()
        if stage is not None:
            statements.filter(challenge_id=challenge_id, stage__isnull=True).update(stage=stage)
    for result in results.all():
        stage_id = (
            statements.filter(challenge_id=result.challenge_id, stage__isnull=False)
            .order_by("stage__position")
            .values_list("stage_id", flat=True)
            .first()
        )
        if stage_id is None:
            result.delete()
        else:
            results.filter(pk=result.pk).update(stage_id=stage_id)


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0006_stage_may_stay_open"),
        ("opinionmaps", "0003_stage_and_settings"),
    ]

    operations = [
        migrations.AddField(
            model_name="opinionmapresult",
            name="stage",
            field=models.OneToOneField(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="challenges.stage"
            ),
        ),
        migrations.RunPython(maps_to_their_stages, migrations.RunPython.noop),
    ]
