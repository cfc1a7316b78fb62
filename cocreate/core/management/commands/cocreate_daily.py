"""Queue the daily background work the apps registered (e-mail digests, "was it fixed?" questions, ...). Run it once a
day (cron, timer)."""

from django.core.management.base import BaseCommand

from cocreate.core.registry import registered_daily_tasks


class Command(BaseCommand):
    help = "Queue the daily background tasks (digests, 'was it fixed?' questions) for the workers."

    def handle(self, *args, **options):
        for daily in registered_daily_tasks():
            result = daily.enqueue()
            self.stdout.write(f"Queued {daily.name} ({result.id}).")
