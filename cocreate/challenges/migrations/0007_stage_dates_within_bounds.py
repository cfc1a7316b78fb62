"""Stages saved before dates were bounded may start in year 1 (stored as a year-0 timestamp that cannot be read back)
or end in year 9999; such a challenge's pages could not be shown, nor its stages edited. Each such date moves to the
nearest bound (1900-01-01 to 2201-01-01, UTC); the stages themselves, their types and everything made in them stay."""

import datetime as dt

from django.db import migrations

EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2201, 1, 1, tzinfo=dt.UTC)  # the midnight after the last allowed day, 2200-12-31
DAY = dt.timedelta(days=1)


def move_within_bounds(apps, schema_editor):
    Stage = apps.get_model("challenges", "Stage")
    # Rows are updated without being read: a year-0 timestamp cannot be loaded into Python. The order keeps every
    # stage ending after it starts.
    Stage.objects.filter(ends_at__lt=EARLIEST + DAY).update(ends_at=EARLIEST + DAY)
    Stage.objects.filter(starts_at__lt=EARLIEST).update(starts_at=EARLIEST)
    Stage.objects.filter(starts_at__gt=LATEST - DAY).update(starts_at=LATEST - DAY)
    Stage.objects.filter(ends_at__gt=LATEST).update(ends_at=LATEST)


class Migration(migrations.Migration):
    dependencies = [("challenges", "0006_stage_may_stay_open")]

    operations = [migrations.RunPython(move_within_bounds, migrations.RunPython.noop)]
