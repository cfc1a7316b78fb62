"""The photo address an Open311 application posts (``media_url``) becomes a field of its own, published as Open311's
``media_url``; it was kept with the reporter's private contact."""

from django.db import migrations, models


def move_media_urls(apps, schema_editor):
    Problem = apps.get_model("problems", "Problem")
    for problem in Problem.objects.filter(reporter_contact__has_key="media_url").iterator():
        problem.media_url = str(problem.reporter_contact.pop("media_url") or "")[:500]
        problem.save(update_fields=["media_url", "reporter_contact"])


def keep_media_urls_with_the_contact(apps, schema_editor):
    Problem = apps.get_model("problems", "Problem")
    for problem in Problem.objects.exclude(media_url="").iterator():
        problem.reporter_contact = {**problem.reporter_contact, "media_url": problem.media_url}
        problem.save(update_fields=["reporter_contact"])


class Migration(migrations.Migration):
    dependencies = [("problems", "0010_problem_stage")]

    operations = [
        migrations.AddField(
            model_name="problem",
            name="media_url",
            field=models.URLField(blank=True, db_default="", default="", max_length=500, verbose_name="photo address"),
        ),
        migrations.RunPython(move_media_urls, keep_media_urls_with_the_contact),
    ]
