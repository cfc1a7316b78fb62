"""Background work of decisions: counting votes. Tasks take ids and do nothing twice, so a retry is harmless."""

from django.tasks import task


@task
def count_decision(*, decision_id: int) -> str:
    """Count a closed vote's ballots in each budget and publish the results; returns the results status."""
    from .results_actions import run_queued_count

    return run_queued_count(decision_id)


@task
def count_dry_runs(*, run_ids: list[int]) -> int:
    """Count the ballots cast so far for officials (a dry run); returns how many budgets were counted."""
    from .results_actions import run_dry_counts

    return run_dry_counts(run_ids)


@task
def close_ended_votes() -> int:
    """The periodic entry point: close and count each vote whose stage has ended; returns how many were closed."""
    from .results_actions import decision_close_when_due, decisions_due_for_count

    return sum(1 for decision_id in decisions_due_for_count() if decision_close_when_due(decision_id))
