"""Each signed pair token can be answered once: votes keep the token's random part, unique when there is one (votes
cast before this have none)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("wikisurveys", "0003_stage_and_settings")]

    operations = [
        migrations.AddField(
            model_name="pairwisevote",
            name="pair_nonce",
            field=models.CharField(blank=True, db_default="", default="", editable=False, max_length=32),
        ),
        migrations.AddConstraint(
            model_name="pairwisevote",
            constraint=models.UniqueConstraint(
                condition=models.Q(("pair_nonce", ""), _negated=True),
                fields=("pair_nonce",),
                name="wikisurveys_pair_answered_once",
            ),
        ),
    ]
