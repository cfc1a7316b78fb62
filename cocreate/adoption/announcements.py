"""What the people upstream hear of a campaign: those who took part in what the service came from (who reported the
problems, proposed and supported the ideas, wrote the designs, followed the delivered project) hear when its
campaign starts and when one of its target populations first reaches its goal, through the lineage
(``engagement.actions.notify_upstream``). Both run inside the action that causes them."""

import datetime as dt

from django.db.models import Sum

from cocreate.engagement.actions import notify_upstream

from .models import ADOPTED, Campaign, FunnelCount, Segment


def campaign_announce_start(*, actor, campaign: Campaign) -> list:
    """Tell everyone upstream of the new campaign that the service is there for them to use."""
    return notify_upstream(
        actor=actor,
        target=campaign,
        verb="adoption.campaign_started",
        text=campaign.service[:300],  # the verb says what happened, in each reader's language
    )


def segment_goal_check(*, campaign: Campaign, segment_id: int | None, now: dt.datetime) -> bool:
    """After a report reached regular use in a segment: when the segment's kept count of regular users has reached
    its goal for the first time, record it and tell the people upstream, once. Three small queries by key whatever
    the number of reports; returns whether the goal was reached now."""
    if segment_id is None:
        return False
    segment = Segment.objects.filter(pk=segment_id, goal_reached_at__isnull=True).only("goal", "name").first()
    if segment is None:
        return False
    regular = (
        FunnelCount.objects.filter(campaign_id=campaign.pk, segment_id=segment_id, step__in=ADOPTED).aggregate(
            total=Sum("count")
        )["total"]
        or 0
    )
    if regular < segment.goal:
        return False
    if not Segment.objects.filter(pk=segment_id, goal_reached_at__isnull=True).update(goal_reached_at=now):
        return False  # another report reached it at the same moment, and told them
    notify_upstream(
        actor=None,
        target=campaign,
        verb="adoption.goal_reached",
        text=f"{segment.name}: {segment.goal}"[:300],
    )
    return True
