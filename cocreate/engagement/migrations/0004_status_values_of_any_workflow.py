"""A status change records values of its contribution's own workflow: the fields no longer list fixed choices."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0003_participant_table_renamed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="statuschange",
            name="new_status",
            field=models.CharField(max_length=20, verbose_name="status"),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="old_status",
            field=models.CharField(blank=True, max_length=20),
        ),
    ]
