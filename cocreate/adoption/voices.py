"""What people say: the reasons residents gave with "did it help you?", grouped by what they say.

Grouping is too slow for the report-write path and the funnel page with a million reports, so it is stored
(``ReasonGroups``) and recomputed by a background task (``tasks.group_reasons``) from the latest ``KEEP_LATEST``
reasons. Writing a report with a reason adds one to the campaign's pending count, in one UPDATE; when
``REGROUP_EVERY`` reasons are pending (or none was ever grouped), one more UPDATE claims a recomputation and queues
it once, on commit. The daily run regroups every campaign with reasons still pending. The page reads the stored
groups and says when they were computed.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import AdoptionReport, Campaign, Helped, ReasonGroups

KEEP_LATEST = 5000  # the latest reasons grouped
REGROUP_EVERY = 25  # new reasons that make the stored groups stale
REQUEUE_AFTER = dt.timedelta(minutes=10)  # a claimed recomputation that never ran is queued again after this
MAX_GROUPS = 40  # groups stored; the reasons of smaller ones are counted as "other reasons"
EXAMPLES = 3  # example quotes per group, besides its representative
PUBLIC_MIN_GROUP = 2  # a reason only one person gave is shown to the campaign's officials only


# --- writes ---------------------------------------------------------------------------------------------------------


def reasons_pending_add(campaign_id: int, *, now: dt.datetime | None = None) -> bool:
    """A reason was given or changed: count it, and queue a regrouping when enough are pending. Called inside the
    report's transaction; O(1). Returns whether a regrouping was queued."""
    now = now or timezone.now()
    if not ReasonGroups.objects.filter(campaign_id=campaign_id).update(pending=F("pending") + 1):
        try:
            with transaction.atomic():
                ReasonGroups.objects.create(campaign_id=campaign_id, pending=1)
        except IntegrityError:  # made meanwhile by another report
            ReasonGroups.objects.filter(campaign_id=campaign_id).update(pending=F("pending") + 1)
    return regrouping_claim(campaign_id, now=now)


def regrouping_due(pending: int, computed_at, stale_since, *, now: dt.datetime) -> bool:
    """Whether the stored groups are stale enough to queue a regrouping, and none is queued (or one was lost)."""
    return (pending >= REGROUP_EVERY or computed_at is None) and (
        stale_since is None or stale_since < now - REQUEUE_AFTER
    )


def regrouping_claim(campaign_id: int, *, now: dt.datetime) -> bool:
    """Claim a regrouping when it is due and queue it on commit (one UPDATE); returns whether it was claimed."""
    from .tasks import group_reasons

    claimed = (
        ReasonGroups.objects.filter(campaign_id=campaign_id)
        .filter(Q(pending__gte=REGROUP_EVERY) | Q(computed_at__isnull=True))
        .filter(Q(stale_since__isnull=True) | Q(stale_since__lt=now - REQUEUE_AFTER))
        .update(stale_since=now)
    )
    if claimed:
        transaction.on_commit(lambda: group_reasons.enqueue(campaign_id=campaign_id))
    return bool(claimed)


def _group_data(rows: list[tuple[str, str]]) -> dict:
    from cocreate.sensemaking.similar import normalize_text
    from cocreate.sensemaking.text_groups import group_texts

    groups = group_texts([reason for reason, _helped in rows])
    data = []
    for group in groups[:MAX_GROUPS]:
        helped = dict.fromkeys([*Helped.values, ""], 0)
        for index in group.members:
            helped[rows[index][1] if rows[index][1] in helped else ""] += 1
        representative = rows[group.representative][0]
        examples: list[str] = []
        seen = {normalize_text(representative)}
        for index in group.members:  # other wordings, latest first
            text = rows[index][0]
            if len(examples) < EXAMPLES and normalize_text(text) not in seen:
                seen.add(normalize_text(text))
                examples.append(text)
        data.append(
            {
                "representative": representative,
                "count": group.size,
                "yes": helped["yes"],
                "no": helped["no"],
                "unsure": helped["unsure"],
                "unanswered": helped[""],
                "examples": examples,
            }
        )
    grouped = sum(group["count"] for group in data)
    return {"groups": data, "other": sum(group.size for group in groups) - grouped}


def reason_groups_compute(*, campaign_id: int) -> int:
    """Group the campaign's latest reasons and store the groups; returns how many reasons were grouped. Idempotent:
    a second run only recomputes, and a slower run that started earlier never overwrites a later one."""
    started = timezone.now()
    if not Campaign.objects.filter(pk=campaign_id).exists():
        return 0
    with transaction.atomic():
        row, _created = ReasonGroups.objects.select_for_update().get_or_create(campaign_id=campaign_id)
        # Reasons arriving from now on count towards the next regrouping.
        ReasonGroups.objects.filter(pk=row.pk).update(stale_since=None, pending=0)
    rows = list(
        AdoptionReport.objects.filter(campaign_id=campaign_id)
        .exclude(reason="")
        .order_by("-updated_at", "-pk")
        .values_list("reason", "helped")[:KEEP_LATEST]
    )
    data = _group_data(rows)
    ReasonGroups.objects.filter(Q(computed_at__isnull=True) | Q(computed_at__lte=started), pk=row.pk).update(
        data=data, computed_at=started, reasons_at_computation=len(rows)
    )
    return len(rows)


# --- reads ----------------------------------------------------------------------------------------------------------


@dataclass
class VoiceGroup:
    representative: str
    count: int
    yes: int
    no: int
    unsure: int
    unanswered: int
    examples: list[str]

    @property
    def helped_percent(self) -> int | None:
        answered = self.yes + self.no + self.unsure
        return round(100 * self.yes / answered) if answered else None


@dataclass
class Voices:
    groups: list[VoiceGroup]
    other: int  # reasons in the smaller groups not shown
    reasons: int  # reasons grouped
    computed_at: dt.datetime | None
    pending: int  # reasons given since


def what_people_say(campaign: Campaign, *, everything: bool = False) -> Voices:
    """The stored groups of the campaign's reasons. Without ``everything`` (the public's view), a reason that only
    one person gave is counted among the other reasons, not quoted."""
    row = ReasonGroups.objects.filter(campaign=campaign).first()
    data = row.data if row is not None and isinstance(row.data, dict) else {}
    groups, other = [], int(data.get("other", 0))
    for item in data.get("groups", []):
        group = VoiceGroup(**{key: item[key] for key in VoiceGroup.__dataclass_fields__})
        if everything or group.count >= PUBLIC_MIN_GROUP:
            groups.append(group)
        else:
            other += group.count
    return Voices(
        groups=groups,
        other=other,
        reasons=row.reasons_at_computation if row else 0,
        computed_at=row.computed_at if row else None,
        pending=row.pending if row else 0,
    )


def campaigns_with_pending_reasons() -> list[int]:
    return list(ReasonGroups.objects.filter(pending__gt=0).order_by("pk").values_list("campaign_id", flat=True))
