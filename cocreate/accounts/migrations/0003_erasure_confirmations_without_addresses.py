"""The erasure confirmation used to be queued with the former address as its argument, which the task queue kept
with the result. Confirmations still to be sent (queued, or failed) become erasure notices, which the daily run
sends; every stored result of the old task is deleted with the address it holds."""

from django.db import migrations

OLD_TASK = "cocreate.accounts.tasks.send_erasure_confirmation"


def forward(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    ErasureNotice = apps.get_model("accounts", "ErasureNotice")
    for result in DBTaskResult.objects.filter(task_path=OLD_TASK).exclude(status="RUNNING"):
        kwargs = (result.args_kwargs or {}).get("kwargs") or {}
        if "email" not in kwargs:
            continue  # queued by the new task, with a notice's id
        if result.status != "SUCCESSFUL" and kwargs["email"]:
            ErasureNotice.objects.create(email=kwargs["email"], language=kwargs.get("language") or "en")
        result.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_erasure_notice"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
