"""Queue the daily background work: e-mail digests and "was it fixed?" questions. Run it once a day (cron, timer)."""

from django.core.management.base import BaseCommand

from cocreate.engagement.tasks import send_daily_digests
from cocreate.problems.tasks import ask_whether_fixed, refresh_title_word_counts


class Command(BaseCommand):
    help = "Queue the daily background tasks (digests, 'was it fixed?' questions) for the workers."

    def handle(self, *args, **options):
        for daily in (send_daily_digests, ask_whether_fixed, refresh_title_word_counts):
            result = daily.enqueue()
            self.stdout.write(f"Queued {daily.name} ({result.id}).")
