"""Wiki-survey votes move here from ideas: the model is taken over as it is (its table is renamed next)."""

import django.db.models.deletion
from django.db import migrations, models

from cocreate.core.migrations_support import move_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('challenges', '0003_challenge_follower_count'),
        ('engagement', '0002_participant_from_ideas'),
        ('ideas', '0004_move_votes_and_opinion_maps_out'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PairwiseVote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('choice', models.CharField(choices=[('left', 'Left'), ('right', 'Right'), ('cant_decide', "I can't decide")], max_length=20)),
                        ('valid', models.BooleanField(default=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('challenge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pairwise_votes', to='challenges.challenge')),
                        ('left', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='ideas.idea')),
                        ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pairwise_votes', to='engagement.participant')),
                        ('right', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='ideas.idea')),
                    ],
                    options={
                        'verbose_name': 'pairwise vote',
                        'verbose_name_plural': 'pairwise votes',
                        'db_table': 'ideas_pairwisevote',
                        'indexes': [models.Index(fields=['challenge', 'created_at'], name='ideas_pairwise_idx')],
                    },
                ),
            ],
        ),
        move_content_types(from_app="ideas", to_app="wikisurveys", models=['pairwisevote']),
    ]
