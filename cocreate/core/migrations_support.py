"""What migrations that move a model from one app to another share."""

from django.db import migrations


def move_content_types(*, from_app: str, to_app: str, models: list[str]) -> migrations.RunPython:
    """Carry the content types of moved models over, so that what refers to them generically (activity entries,
    lineage links, flags, notifications, permissions) keeps pointing at the same rows."""

    def move(source: str, destination: str):
        def run(apps, schema_editor):
            content_types = apps.get_model("contenttypes", "ContentType")
            for model in models:
                if not content_types.objects.filter(app_label=destination, model=model).exists():
                    content_types.objects.filter(app_label=source, model=model).update(app_label=destination)

        return run

    return migrations.RunPython(move(from_app, to_app), move(to_app, from_app))


def set_stage_from_dates(app_label: str, model_name: str) -> migrations.RunPython:
    """For rows made in a challenge before they recorded their stage: the challenge's stage that was running when the
    row was made (none when no stage was running then)."""

    def run(apps, schema_editor):
        from django.db.models import OuterRef, Subquery

        model = apps.get_model(app_label, model_name)
        stages = apps.get_model("challenges", "Stage").objects.filter(
            challenge=OuterRef("challenge"), starts_at__lte=OuterRef("created_at"), ends_at__gt=OuterRef("created_at")
        )
        model.objects.filter(challenge__isnull=False, stage__isnull=True).update(
            stage=Subquery(stages.order_by("position").values("pk")[:1])
        )

    return migrations.RunPython(run, migrations.RunPython.noop)
