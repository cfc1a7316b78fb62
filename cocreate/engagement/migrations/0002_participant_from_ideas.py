"""Anonymous participants move here from ideas (any stage may use them): the model is taken over as it is, then
its table and constraints are renamed."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from cocreate.core.migrations_support import move_content_types


class Migration(migrations.Migration):

    dependencies = [
        ('ideas', '0003_drop_indexes_led_by_composites'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('challenges', '0003_challenge_follower_count'),
        ('engagement', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Participant',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('token', models.CharField(blank=True, db_index=True, max_length=64)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('challenge', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participants', to='challenges.challenge')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='participations', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'participant',
                        'verbose_name_plural': 'participants',
                        'db_table': 'ideas_participant',
                        'constraints': [models.UniqueConstraint(condition=models.Q(('user__isnull', False)), fields=('challenge', 'user'), name='ideas_participant_user'), models.UniqueConstraint(condition=models.Q(('token', ''), _negated=True), fields=('challenge', 'token'), name='ideas_participant_token')],
                    },
                ),
            ],
        ),
        move_content_types(from_app="ideas", to_app="engagement", models=['participant']),
    ]
