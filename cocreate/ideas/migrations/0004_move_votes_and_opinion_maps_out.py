"""Participants, wiki-survey votes and opinion maps moved to the engagement, wikisurveys and opinionmaps apps: they
leave the ideas app's state only; their tables are kept and renamed by those apps."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('ideas', '0003_drop_indexes_led_by_composites'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='opinionmapresult',
                    name='challenge',
                ),
                migrations.RemoveIndex(
                    model_name='pairwisevote',
                    name='ideas_pairwise_idx',
                ),
                migrations.RemoveConstraint(
                    model_name='participant',
                    name='ideas_participant_user',
                ),
                migrations.RemoveConstraint(
                    model_name='participant',
                    name='ideas_participant_token',
                ),
                migrations.RemoveField(
                    model_name='statement',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='statement',
                    name='challenge',
                ),
                migrations.RemoveConstraint(
                    model_name='statementvote',
                    name='ideas_statement_vote_once',
                ),
                migrations.DeleteModel(
                    name='OpinionMapResult',
                ),
                migrations.RemoveField(
                    model_name='participant',
                    name='challenge',
                ),
                migrations.RemoveField(
                    model_name='participant',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='statementvote',
                    name='participant',
                ),
                migrations.RemoveField(
                    model_name='statementvote',
                    name='statement',
                ),
                migrations.DeleteModel(
                    name='PairwiseVote',
                ),
                migrations.DeleteModel(
                    name='Participant',
                ),
                migrations.DeleteModel(
                    name='Statement',
                ),
                migrations.DeleteModel(
                    name='StatementVote',
                ),
            ],
        ),
    ]
