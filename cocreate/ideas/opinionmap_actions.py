"""The opinion map: statements, votes, moderation, and marking the map for recomputation.

Writes are the ``statement_*`` and ``opinion_map_mark_stale`` functions (one transaction each, permission checked
inside); the other functions are the reads the pages need. The map itself is computed by
:func:`cocreate.ideas.tasks.recompute_opinion_map`, never during a request.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Mod
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.activity.actions import activity_record
from cocreate.core.errors import CocreateError
from cocreate.core.permissions import require_perm

from .models import OpinionMapResult, Participant, Statement, StatementVote
from .queries import RANDOM_MODULUS
from .wikisurvey_actions import participant_get_or_create

MAX_LENGTH = 280


class StatementNotOpen(CocreateError):
    code = "statement_not_open"
    status = 400
    default_message = _("This statement is not open for votes.")


class StatementInvalid(CocreateError):
    code = "statement_invalid"
    status = 400
    default_message = _("Write a statement of 1 to 280 characters.")


class StatementAlreadyModerated(CocreateError):
    code = "statement_already_moderated"
    status = 409
    default_message = _("This statement has already been moderated.")


# --- Reads -----------------------------------------------------------------------------------------------------------


def open_statements(challenge):
    return Statement.objects.filter(challenge=challenge, is_approved=True, is_hidden=False)


def next_statement(challenge, participant: Participant | None, *, seed: int) -> Statement | None:
    """A statement the participant has not voted on: the organisers' seed statements first, then in an order of
    their own (stable per visitor), so that early statements do not collect all the votes."""
    statements = open_statements(challenge)
    if participant is not None:
        statements = statements.exclude(votes__participant=participant)
    statements = statements.annotate(shuffle=Mod(F("id") * seed, RANDOM_MODULUS))
    return statements.order_by("-is_seed", "shuffle", "pk").first()


def vote_count(participant: Participant | None) -> int:
    if participant is None:
        return 0
    return participant.statement_votes.filter(statement__is_approved=True, statement__is_hidden=False).count()


def votes_needed(challenge) -> int:
    """Votes after which a participant sees the map: the setting, or every statement if there are fewer."""
    return max(1, min(settings.COCREATE_OPINION_MAP_MIN_VOTES, open_statements(challenge).count()))


def opinion_map_for_page(challenge, participant: Participant | None) -> dict | None:
    """The stored map, with statement texts filled in, ready for the page; None if never computed."""
    result = OpinionMapResult.objects.filter(challenge=challenge).first()
    if result is None or result.computed_at is None:
        return None
    data = result.data or {}
    texts = dict(Statement.objects.filter(challenge=challenge).values_list("pk", "text"))

    def with_text(items):
        return [
            {**item, "text": texts.get(int(item["statement"]), ""), "percent": round(item["probability"] * 100)}
            for item in items
        ]

    groups = [
        {**group, "number": group["id"] + 1, "statements": with_text(group["representative_statements"])}
        for group in data.get("groups", [])
    ]
    own_key = str(participant.pk) if participant is not None else None
    own_group = data.get("participants", {}).get(own_key) if own_key else None
    return {
        "result": result,
        "data": data,
        "groups": groups,
        "consensus": with_text(data.get("consensus", [])),
        "own_key": own_key,
        "own_group": None if own_group is None else own_group + 1,
        "summary": data.get("summary", {}),
    }


def pending_statements(challenge):
    return Statement.objects.filter(challenge=challenge, is_approved=False, is_hidden=False).order_by("pk")


# --- Writes ----------------------------------------------------------------------------------------------------------


def opinion_map_mark_stale(challenge) -> bool:
    """Mark the map stale and queue its recomputation on commit, unless a recomputation is already pending.

    Debounced: a vote queues the task only when the map was not stale yet (or when it has been stale for so long
    that the queued task must have been lost). Returns whether a task was queued.
    """
    from .tasks import recompute_opinion_map

    now = timezone.now()
    OpinionMapResult.objects.get_or_create(challenge=challenge)
    requeue_before = now - dt.timedelta(seconds=settings.COCREATE_OPINION_MAP_REQUEUE_SECONDS)
    claimed = (
        OpinionMapResult.objects.filter(challenge=challenge)
        .filter(Q(stale_since__isnull=True) | Q(stale_since__lt=requeue_before))
        .update(stale_since=now)
    )
    if claimed:
        challenge_id = challenge.pk
        transaction.on_commit(lambda: recompute_opinion_map.enqueue(challenge_id=challenge_id))
    return bool(claimed)


@transaction.atomic
def statement_vote(*, user, token: str = "", statement: Statement, vote: int) -> StatementVote:
    """Agree (1), disagree (-1) or pass (0); voting again on the same statement replaces the vote."""
    require_perm(user, "ideas.vote_statement", statement.challenge)
    if vote not in StatementVote.Vote.values:
        raise StatementNotOpen(_("Choose agree, disagree or pass."))
    if not (statement.is_approved and not statement.is_hidden):
        raise StatementNotOpen()
    participant = participant_get_or_create(challenge=statement.challenge, user=user, token=token)
    row, _created = StatementVote.objects.update_or_create(
        statement=statement, participant=participant, defaults={"vote": vote}
    )
    opinion_map_mark_stale(statement.challenge)
    return row


@transaction.atomic
def statement_add(*, user, token: str = "", challenge, text: str) -> Statement:
    """A participant's statement; it waits for a moderator before anyone votes on it."""
    require_perm(user, "ideas.add_statement", challenge)
    text = " ".join(text.split())
    if not 1 <= len(text) <= MAX_LENGTH:
        raise StatementInvalid()
    participant = participant_get_or_create(challenge=challenge, user=user, token=token)
    return Statement.objects.create(challenge=challenge, author=participant, text=text)


@transaction.atomic
def statement_seed(*, actor, challenge, text: str) -> Statement:
    """A statement written by the organisers: approved at once and shown first."""
    require_perm(actor, "ideas.moderate_statement", challenge)
    text = " ".join(text.split())
    if not 1 <= len(text) <= MAX_LENGTH:
        raise StatementInvalid()
    statement = Statement.objects.create(challenge=challenge, text=text, is_seed=True, is_approved=True)
    activity_record(actor=actor, verb="statement.seeded", target=statement, organisation=challenge.organisation)
    return statement


@transaction.atomic
def statement_moderate(*, actor, statement: Statement, approve: bool) -> Statement:
    """Approve a pending statement (people can then vote on it) or reject it (it stays hidden)."""
    statement = Statement.objects.select_for_update().select_related("challenge__organisation").get(pk=statement.pk)
    challenge = statement.challenge
    require_perm(actor, "ideas.moderate_statement", challenge)
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
    require_perm(actor, "ideas.moderate_statement", statement.challenge)
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
    opinion_map_mark_stale(statement.challenge)
    return statement
