"""Opinion-map statements, votes and results move here from ideas: the models are taken over as they are (their
tables are renamed next)."""

import django.db.models.deletion
from django.db import migrations, models

from cocreate.core.migrations_support import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('ideas', '0003_drop_indexes_led_by_composites'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('challenges', '0003_challenge_follower_count'),
        ('engagement', '0002_participant_from_ideas'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OpinionMapResult',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('computed_at', models.DateTimeField(blank=True, null=True)),
                        ('votes_at_computation', models.PositiveIntegerField(default=0)),
                        ('data', models.JSONField(blank=True, default=dict)),
                        ('stale_since', models.DateTimeField(blank=True, null=True)),
                        ('challenge', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='opinion_map', to='challenges.challenge')),
                    ],
                    options={
                        'verbose_name': 'opinion map result',
                        'verbose_name_plural': 'opinion map results',
                        'db_table': 'ideas_opinionmapresult',
                    },
                ),
                migrations.CreateModel(
                    name='Statement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.CharField(max_length=280, verbose_name='statement')),
                        ('is_seed', models.BooleanField(default=False, help_text='Written by the organisers.')),
                        ('is_approved', models.BooleanField(default=False, verbose_name='approved')),
                        ('is_hidden', models.BooleanField(default=False, verbose_name='moderated out')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='statements', to='engagement.participant')),
                        ('challenge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='statements', to='challenges.challenge')),
                    ],
                    options={
                        'verbose_name': 'statement',
                        'verbose_name_plural': 'statements',
                        'db_table': 'ideas_statement',
                        'ordering': ['pk'],
                    },
                ),
                migrations.CreateModel(
                    name='StatementVote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('vote', models.SmallIntegerField(choices=[(1, 'Agree'), (-1, 'Disagree'), (0, 'Pass / unsure')])),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='statement_votes', to='engagement.participant')),
                        ('statement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='opinionmaps.statement')),
                    ],
                    options={
                        'verbose_name': 'statement vote',
                        'verbose_name_plural': 'statement votes',
                        'db_table': 'ideas_statementvote',
                        'constraints': [models.UniqueConstraint(fields=('statement', 'participant'), name='ideas_statement_vote_once')],
                    },
                ),
            ],
        ),
        move_content_types(from_app="ideas", to_app="opinionmaps", models=['statement', 'statementvote', 'opinionmapresult']),
    ]
