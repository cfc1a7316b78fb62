"""The opinion map: statements, votes, moderation, and marking the map for recomputation.

Writes are the ``statement_*`` and ``opinion_map_mark_stale`` functions (one transaction each, permission checked
inside); the reads the pages need are in :mod:`cocreate.opinionmaps.queries`. The map itself is computed by
:func:`cocreate.opinionmaps.tasks.recompute_opinion_map`, never during a request.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.activity.actions import activity_record
from cocreate.challenges.stages import Feature
from cocreate.core.permissions import require_perm
from cocreate.engagement.actions import participant_get_or_create

from .errors import StatementAlreadyModerated, StatementInvalid, StatementNotOpen
from .models import OpinionMapResult, Statement, StatementVote

MAX_LENGTH = 280


def opinion_map_mark_stale(stage_id: int | None) -> bool:
    """Mark the map stale and queue its recomputation on commit, unless a recomputation is already pending.

    Debounced: a vote queues the task only when the map was not stale yet (or when it has been stale for so long
    that the queued task must have been lost). Returns whether a task was queued.
    """
    from .tasks import recompute_opinion_map

    if stage_id is None:  # a statement from before statements recorded their stage
        return False
    now = timezone.now()
    OpinionMapResult.objects.get_or_create(stage_id=stage_id)
    requeue_before = now - dt.timedelta(seconds=settings.COCREATE_OPINION_MAP_REQUEUE_SECONDS)
    claimed = (
        OpinionMapResult.objects.filter(stage_id=stage_id)
        .filter(Q(stale_since__isnull=True) | Q(stale_since__lt=requeue_before))
        .update(stale_since=now)
    )
    if claimed:
        transaction.on_commit(lambda: recompute_opinion_map.enqueue(stage_id=stage_id))
    return bool(claimed)


@transaction.atomic
def statement_vote(*, user, token: str = "", statement: Statement, vote: int) -> StatementVote:
    """Agree (1), disagree (-1) or pass (0); voting again on the same statement replaces the vote."""
    require_perm(user, "opinionmaps.vote_statement", statement.challenge)
    if vote not in StatementVote.Vote.values:
        raise StatementNotOpen(_("Choose agree, disagree or pass."))
    running = statement.challenge.active_stage()
    if not (statement.is_approved and not statement.is_hidden) or statement.stage_id != running.pk:
        raise StatementNotOpen()  # moderated, or of an earlier opinion map of the challenge
    participant = participant_get_or_create(challenge=statement.challenge, user=user, token=token)
    row, _created = StatementVote.objects.update_or_create(
        statement=statement, participant=participant, defaults={"vote": vote}
    )
    opinion_map_mark_stale(statement.stage_id)
    return row


@transaction.atomic
def statement_add(*, user, token: str = "", challenge, text: str) -> Statement:
    """A participant's statement; it waits for a moderator before anyone votes on it."""
    require_perm(user, "opinionmaps.add_statement", challenge)
    text = " ".join(text.split())
    if not 1 <= len(text) <= MAX_LENGTH:
        raise StatementInvalid()
    participant = participant_get_or_create(challenge=challenge, user=user, token=token)
    return Statement.objects.create(challenge=challenge, stage=challenge.active_stage(), author=participant, text=text)


@transaction.atomic
def statement_seed(*, actor, challenge, text: str) -> Statement:
    """A statement written by the organisers: approved at once and shown first."""
    require_perm(actor, "opinionmaps.moderate_statement", challenge)
    text = " ".join(text.split())
    if not 1 <= len(text) <= MAX_LENGTH:
        raise StatementInvalid()
    statement = Statement.objects.create(
        challenge=challenge,
        stage=challenge.stage_for(Feature.CREATE, Statement),
        text=text,
        is_seed=True,
        is_approved=True,
    )
    activity_record(actor=actor, verb="statement.seeded", target=statement, organisation=challenge.organisation)
    return statement


@transaction.atomic
def statement_moderate(*, actor, statement: Statement, approve: bool) -> Statement:
    """Approve a pending statement (people can then vote on it) or reject it (it stays hidden)."""
    statement = Statement.objects.select_for_update().select_related("challenge__organisation").get(pk=statement.pk)
    challenge = statement.challenge
    require_perm(actor, "opinionmaps.moderate_statement", challenge)
    if statement.is_approved or statement.is_hidden:
        raise StatementAlreadyModerated()
    statement.is_approved = approve
    statement.is_hidden = not approve
    statement.save(update_fields=["is_approved", "is_hidden"])
    activity_record(
        actor=actor,
        verb="statement.approved" if approve else "statement.rejected",
        target=statement,
        organisation=challenge.organisation,
        public=False,
    )
    return statement


@transaction.atomic
def statement_hide(*, actor, statement: Statement) -> Statement:
    """Take an approved statement out of the conversation; its votes stay but no longer count in the map."""
    statement = Statement.objects.select_for_update().select_related("challenge__organisation").get(pk=statement.pk)
    require_perm(actor, "opinionmaps.moderate_statement", statement.challenge)
    if statement.is_hidden:
        raise StatementAlreadyModerated()
    statement.is_hidden = True
    statement.save(update_fields=["is_hidden"])
    activity_record(
        actor=actor,
        verb="statement.hidden",
        target=statement,
        organisation=statement.challenge.organisation,
        public=False,
    )
    opinion_map_mark_stale(statement.stage_id)
    return statement
