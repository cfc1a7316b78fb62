import django.db.models.deletion
from django.db import migrations, models

from cocreate.core.migrations_support import set_stage_from_dates


class Migration(migrations.Migration):

    dependencies = [
        ('challenges', '0004_stage_opening_announced_at'),
        ('problems', '0009_link_problems_to_their_challenges'),
    ]

    operations = [
        migrations.AddField(
            model_name='problem',
            name='stage',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='challenges.stage', verbose_name='stage'),
        ),
            set_stage_from_dates("problems", "problem"),
    ]
