"""Whether visitors may vote without an account is now a setting of each wiki-survey or opinion-map stage (copied
there by those apps' migrations), no longer of the challenge."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("challenges", "0004_stage_opening_announced_at"),
        ("opinionmaps", "0003_stage_and_settings"),
        ("wikisurveys", "0003_stage_and_settings"),
    ]

    operations = [
        migrations.RemoveField(model_name="challenge", name="anonymous_voting"),
    ]
