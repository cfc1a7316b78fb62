"""Background work of adoption: grouping the reasons residents give. Tasks take ids and are idempotent."""

from django.tasks import task


@task
def group_reasons(*, campaign_id: int) -> int:
    """Group the campaign's latest reasons and store the groups; returns how many reasons were grouped."""
    from .voices import reason_groups_compute

    return reason_groups_compute(campaign_id=campaign_id)


@task
def regroup_pending_reasons() -> int:
    """The daily run: regroup every campaign that received reasons since its groups were computed."""
    from .voices import campaigns_with_pending_reasons

    campaign_ids = campaigns_with_pending_reasons()
    for campaign_id in campaign_ids:
        group_reasons.enqueue(campaign_id=campaign_id)
    return len(campaign_ids)
