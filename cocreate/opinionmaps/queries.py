"""Reads of the opinion map: the statements open for votes, the next one for a participant, how many votes they have
cast and need before they see the map, the stored map ready for the page, and the statements awaiting moderation.

Nothing here writes; votes, statements, moderation and marking the map stale are in
:mod:`cocreate.opinionmaps.actions`.
"""

from django.conf import settings

from cocreate.challenges.stages import Feature
from cocreate.core.shuffle import shuffled
from cocreate.engagement.models import Participant

from .models import OpinionMapResult, Statement, StatementVote


def map_stage(challenge):
    """The stage whose opinion map a challenge's pages show: the one running now, else the next, else the last (each
    opinion-map stage of a challenge has statements and a map of its own)."""
    return challenge.stage_for(Feature.VOTE, Statement)


def statements_of(stage):
    return Statement.objects.filter(stage=stage) if stage is not None else Statement.objects.none()


def open_statements(stage):
    return statements_of(stage).filter(is_approved=True, is_hidden=False)


def next_statement(stage, participant: Participant | None, *, seed: int) -> Statement | None:
    """A statement the participant has not voted on: the organisers' seed statements first, then in an order of
    their own (stable per visitor), so that early statements do not collect all the votes."""
    statements = open_statements(stage)
    if participant is not None:
        statements = statements.exclude(votes__participant=participant)
    return shuffled(statements, seed, "-is_seed").first()


def vote_count(stage, participant: Participant | None) -> int:
    if participant is None:
        return 0
    return open_statements(stage).filter(votes__participant=participant).count()


def votes_needed(stage) -> int:
    """Votes after which a participant sees the map: the setting, or every statement if there are fewer."""
    return max(1, min(settings.COCREATE_OPINION_MAP_MIN_VOTES, open_statements(stage).count()))


def opinion_map_for_page(stage, participant: Participant | None) -> dict | None:
    """The stored map, with statement texts filled in, ready for the page; None if never computed."""
    result = OpinionMapResult.objects.filter(stage=stage).first() if stage is not None else None
    if result is None or result.computed_at is None:
        return None
    data = result.data or {}
    texts = dict(statements_of(stage).values_list("pk", "text"))

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


def pending_statements(stage):
    return statements_of(stage).filter(is_approved=False, is_hidden=False).order_by("pk")


PERSONAL_DATA_COVERS = ("opinionmaps.Statement.author", "opinionmaps.StatementVote.participant")


def personal_data(user) -> dict:
    """The statements the person wrote and their votes, in every opinion map they took part in while signed in."""
    statements = Statement.objects.filter(author__user=user).select_related("challenge").order_by("pk")
    votes = (
        StatementVote.objects.filter(participant__user=user)
        .select_related("statement__challenge")
        .order_by("statement__challenge_id", "statement_id")
    )
    return {
        "statements": [
            {
                "challenge": s.challenge.slug,
                "text": s.text,
                "approved": s.is_approved,
                "moderated_out": s.is_hidden,
                "created_at": s.created_at.isoformat(),
            }
            for s in statements
        ],
        "votes": [
            {
                "challenge": v.statement.challenge.slug,
                "statement": v.statement.text,
                "vote": StatementVote.Vote(v.vote).name.lower(),
                "updated_at": v.updated_at.isoformat(),
            }
            for v in votes
        ],
    }
