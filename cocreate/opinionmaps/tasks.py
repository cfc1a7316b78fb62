"""Background work of the opinion map: recomputing a stage's opinion map after votes arrive.

Votes mark the stored map stale and queue :func:`recompute_opinion_map` once (see
``actions.opinion_map_mark_stale``); the task is idempotent, so a retry or a second run only recomputes.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone


def opinion_map_inputs(stage_id: int):
    """Participants, statements, votes (oldest first) and moderated-out statements of a stage's opinion map."""
    from .models import Statement, StatementVote

    statements = list(
        Statement.objects.filter(Q(is_approved=True) | Q(is_hidden=True), stage_id=stage_id)
        .order_by("pk")
        .values_list("pk", "is_hidden")
    )
    statement_ids = [pk for pk, _hidden in statements]
    moderated_out = [pk for pk, hidden in statements if hidden]
    votes = list(
        StatementVote.objects.filter(statement_id__in=statement_ids)
        .order_by("updated_at", "pk")
        .values_list("participant_id", "statement_id", "vote")
    )
    participant_ids = sorted({p for p, _s, _v in votes})  # in the order they joined, as Pol.is numbers them
    return participant_ids, statement_ids, votes, moderated_out


@task
def recompute_opinion_map(stage_id: int) -> int:
    """Compute the opinion map from all current votes and store it; returns the number of votes counted."""
    from cocreate.sensemaking.opinion import compute_opinion_map

    from .models import OpinionMapResult

    started = timezone.now()
    with transaction.atomic():
        result, _created = OpinionMapResult.objects.select_for_update().get_or_create(stage_id=stage_id)
        # Votes arriving from now on mark the map stale again and queue another run.
        OpinionMapResult.objects.filter(pk=result.pk).update(stale_since=None)
    participant_ids, statement_ids, votes, moderated_out = opinion_map_inputs(stage_id)
    opinion_map = compute_opinion_map(
        participant_ids,
        statement_ids,
        votes,
        moderated_out=moderated_out,
        min_votes=settings.COCREATE_OPINION_MAP_MIN_VOTES,
    )
    # A slower run that started earlier never overwrites the map of a run that started later.
    OpinionMapResult.objects.filter(Q(computed_at__isnull=True) | Q(computed_at__lte=started), pk=result.pk).update(
        data=opinion_map.to_dict(), computed_at=started, votes_at_computation=len(votes)
    )
    return len(votes)
