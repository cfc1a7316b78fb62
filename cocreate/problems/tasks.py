import datetime as dt

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone


@task
def ask_whether_fixed() -> int:
    """Some weeks after a problem was marked done, ask its reporter "was it fixed?" (once)."""
    from cocreate.engagement.actions import notify
    from cocreate.engagement.models import Status

    from .models import Problem

    cutoff = timezone.now() - dt.timedelta(days=settings.COCREATE_FIXED_CHECK_DAYS)
    asked = 0
    due = Problem.objects.filter(
        status=Status.DONE, status_changed_at__lte=cutoff, fixed_check_sent_at=None, source=Problem.Source.WEB
    )
    for problem in due.select_related("author").iterator():
        with transaction.atomic():
            if not Problem.objects.filter(pk=problem.pk, fixed_check_sent_at=None).update(
                fixed_check_sent_at=timezone.now()
            ):
                continue
            notify(recipients=[problem.author_id], actor=None, verb="problem.fixed_check", target=problem)
            asked += 1
    return asked
