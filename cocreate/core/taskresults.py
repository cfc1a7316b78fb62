"""The stored results of background tasks, as far as personal data is concerned.

The database queue keeps every task's arguments, return value and, for a failure, its traceback, long after the task
ran. Tasks take ids, so none of these should name a person; but an error raised deep in a library (a mail server
refusing an address) may, and results stored before a task took ids may too. Erasing an account removes the results
that mention the person.
"""

from django.apps import apps
from django.db.models import Q, TextField
from django.db.models.functions import Cast

# The fields of a stored result that may hold what a task was given or ran into.
_SEARCHED = ("args_kwargs", "return_value", "traceback")


def forget_task_results(*, mentions: list[str], traceback_mentions: list[str] = ()) -> int:
    """Delete the stored task results that mention any of ``mentions`` (anywhere) or ``traceback_mentions`` (in a
    traceback), ignoring case; a task running right now is left to finish. Returns how many were deleted."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    condition = Q()
    for text in filter(None, mentions):
        for field in _SEARCHED:
            condition |= Q(**{f"_{field}_text__icontains": text})
    for text in filter(None, traceback_mentions):
        condition |= Q(traceback__icontains=text)
    if not condition:
        return 0
    results = DBTaskResult.objects.annotate(
        **{f"_{field}_text": Cast(field, output_field=TextField()) for field in _SEARCHED}
    ).exclude(status="RUNNING")
    deleted, _ = DBTaskResult.objects.filter(pk__in=results.filter(condition).values("pk")).delete()
    return deleted
