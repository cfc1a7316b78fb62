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
