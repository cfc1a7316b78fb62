import django.db.models.deletion
from django.db import migrations, models

from cocreate.core.migrations_support import set_stage_from_dates


def open_to_visitors_where_the_challenge_was(apps, schema_editor):
    settings = apps.get_model("opinionmaps", "OpinionMapSettings")
    stages = apps.get_model("challenges", "Stage").objects.filter(type="opinion_map", challenge__anonymous_voting=True)
    settings.objects.bulk_create([settings(stage=stage, open_to_visitors=True) for stage in stages])


class Migration(migrations.Migration):

    dependencies = [
        ('challenges', '0004_stage_opening_announced_at'),
        ('opinionmaps', '0002_tables_renamed'),
    ]

    operations = [
        migrations.AddField(
            model_name='statement',
            name='stage',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='challenges.stage'),
        ),
        migrations.CreateModel(
            name='OpinionMapSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('open_to_visitors', models.BooleanField(default=False, help_text='Visitors may vote and add statements without an account, under a pseudonym kept in their browser.', verbose_name='open the opinion map to visitors who are not signed in')),
                ('stage', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='challenges.stage')),
            ],
            options={
                'verbose_name': 'opinion map settings',
                'verbose_name_plural': 'opinion map settings',
            },
        ),
            set_stage_from_dates("opinionmaps", "statement"),
        migrations.RunPython(open_to_visitors_where_the_challenge_was, migrations.RunPython.noop),
    ]
