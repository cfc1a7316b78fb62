import django.db.models.deletion
from django.db import migrations, models

from cocreate.core.migrations_support import set_stage_from_dates


def open_to_visitors_where_the_challenge_was(apps, schema_editor):
    settings = apps.get_model("wikisurveys", "WikiSurveySettings")
    stages = apps.get_model("challenges", "Stage").objects.filter(type="wiki_survey", challenge__anonymous_voting=True)
    settings.objects.bulk_create([settings(stage=stage, open_to_visitors=True) for stage in stages])


class Migration(migrations.Migration):

    dependencies = [
        ('challenges', '0004_stage_opening_announced_at'),
        ('wikisurveys', '0002_table_renamed'),
    ]

    operations = [
        migrations.AddField(
            model_name='pairwisevote',
            name='stage',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='challenges.stage'),
        ),
        migrations.CreateModel(
            name='WikiSurveySettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('open_to_visitors', models.BooleanField(default=False, help_text='Visitors may vote without an account, under a pseudonym kept in their browser. Adding ideas still needs an account.', verbose_name='open voting to visitors who are not signed in')),
                ('stage', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='challenges.stage')),
            ],
            options={
                'verbose_name': 'wiki survey settings',
                'verbose_name_plural': 'wiki survey settings',
            },
        ),
            set_stage_from_dates("wikisurveys", "pairwisevote"),
        migrations.RunPython(open_to_visitors_where_the_challenge_was, migrations.RunPython.noop),
    ]
