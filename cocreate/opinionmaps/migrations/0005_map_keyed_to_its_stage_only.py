"""The stored opinion map is keyed to its stage only (the previous migration moved each map to its stage)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("opinionmaps", "0004_each_stage_has_its_own_map"),
    ]

    operations = [
        migrations.RemoveField(model_name="opinionmapresult", name="challenge"),
        migrations.AlterField(
            model_name="opinionmapresult",
            name="stage",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="challenges.stage"
            ),
        ),
    ]
