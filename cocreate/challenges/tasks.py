"""Announcing stages as they open. Tasks take ids and do nothing twice, so a retry or a second run is harmless."""

from django.tasks import task


@task
def announce_opened_stages() -> int:
    """The periodic entry point: queue one announcement for each stage that opened since the last run."""
    from .queries import stages_opened_unannounced

    stage_ids = stages_opened_unannounced()
    for stage_id in stage_ids:
        announce_stage_opening.enqueue(stage_id=stage_id)
    return len(stage_ids)


@task
def announce_stage_opening(*, stage_id: int) -> int:
    """Tell the followers of the stage's challenge that it is open; returns how many were told (0 if done before)."""
    from .actions import stage_announce_opening
    from .models import Stage

    stage = Stage.objects.filter(pk=stage_id).first()
    if stage is None:
        return 0
    return len(stage_announce_opening(stage=stage))
