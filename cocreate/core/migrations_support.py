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
        from django.db.models import OuterRef, Q, Subquery

        model = apps.get_model(app_label, model_name)
        stages = apps.get_model("challenges", "Stage").objects.filter(
            Q(ends_at__gt=OuterRef("created_at")) | Q(ends_at__isnull=True),
            challenge=OuterRef("challenge"),
            starts_at__lte=OuterRef("created_at"),
        )
        model.objects.filter(challenge__isnull=False, stage__isnull=True).update(
            stage=Subquery(stages.order_by("position").values("pk")[:1])
        )

    return migrations.RunPython(run, migrations.RunPython.noop)


def link_rows_to_their_challenges(app_label: str, model_name: str, kind: str) -> migrations.RunPython:
    """For rows made in a challenge before their action recorded the lineage: the link ``kind`` from each to its
    challenge. Idempotent: a link that exists already is left as it is (links are unique)."""
    batch_size = 2000

    def run(apps, schema_editor):
        content_types = apps.get_model("contenttypes", "ContentType")
        link = apps.get_model("activity", "Link")
        rows = (
            apps.get_model(app_label, model_name)
            .objects.filter(challenge__isnull=False)
            .order_by("pk")
            .values_list("pk", "challenge_id", "author_id")
        )
        if not rows.exists():
            return
        source_type, _ = content_types.objects.get_or_create(app_label=app_label, model=model_name)
        challenge_type, _ = content_types.objects.get_or_create(app_label="challenges", model="challenge")
        batch = []
        for source_id, challenge_id, author_id in rows.iterator(chunk_size=batch_size):
            batch.append(
                link(
                    source_type=source_type,
                    source_id=source_id,
                    target_type=challenge_type,
                    target_id=challenge_id,
                    kind=kind,
                    created_by_id=author_id,
                )
            )
            if len(batch) == batch_size:
                link.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
        link.objects.bulk_create(batch, ignore_conflicts=True)

    return migrations.RunPython(run, migrations.RunPython.noop)
