"""Reads of the wiki survey: the ideas that take part, the pair shown last and its signed
token, the results, and the ideas awaiting moderation.

Nothing here writes; votes, moderation and choosing the next pair (which remembers it in the session) are in
:mod:`cocreate.wikisurveys.actions`.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.core import signing
from django.db.models import Count

from cocreate.challenges.stages import Feature
from cocreate.engagement.models import Participant
from cocreate.ideas.models import Idea
from cocreate.sensemaking.wikisurvey import bradley_terry, tally

from .errors import InvalidPair, PairOfAnotherParticipant
from .models import PairwiseVote

PAIR_SALT = "cocreate.ideas.wikisurvey.pair"
PAIR_MAX_AGE = 24 * 3600
SESSION_PAIR = "wikisurvey_pair_{}"


# --- Pairs -----------------------------------------------------------------------------------------------------------


def survey_ideas(challenge):
    """The ideas that take part: approved by moderation, not hidden, not withdrawn."""
    return Idea.objects.filter(
        challenge=challenge, awaiting_moderation=False, is_hidden=False, withdrawn_at__isnull=True
    ).order_by("pk")


def survey_votes(challenge):
    """The votes of the challenge's wiki survey: the one running now, else the next, else the last (each survey stage
    of a challenge is a round of its own)."""
    return PairwiseVote.objects.filter(challenge=challenge, stage=challenge.stage_for(Feature.VOTE, Idea))


def appearances(challenge) -> dict[tuple[int, int], int]:
    rows = survey_votes(challenge).values("left_id", "right_id").annotate(n=Count("id"))
    return {(row["left_id"], row["right_id"]): row["n"] for row in rows.order_by()}


def previous_pair(session, challenge, participant: Participant | None) -> tuple[int, int] | None:
    """The pair this participant saw last: from the session, else from their last vote."""
    stored = session.get(SESSION_PAIR.format(challenge.pk))
    if stored:
        return int(stored[0]), int(stored[1])
    if participant is not None:
        last = (
            survey_votes(challenge)
            .filter(participant=participant)
            .order_by("-created_at", "-pk")
            .values_list("left_id", "right_id")
            .first()
        )
        if last:
            return last
    return None


@dataclass(frozen=True)
class Pair:
    """A pair shown to one participant, read back from its token; ``nonce`` tells this showing from every other."""

    left: Idea
    right: Idea
    nonce: str


def voter_key(user, token: str = "") -> str:
    """Who a pair is shown to: the signed-in person, or the visitor's pseudonym (``engagement.pseudonyms``)."""
    who = f"user:{user.pk}" if user.is_authenticated else f"token:{token}"
    return hashlib.sha256(who.encode()).hexdigest()[:16]


def pair_token(challenge, left: Idea, right: Idea, *, voter: str) -> str:
    """Signed into the form, so that only pairs this site has shown can be voted on, each once, by the participant
    it was shown to (``voter`` from :func:`voter_key`)."""
    nonce = secrets.token_urlsafe(16)
    return signing.dumps([challenge.pk, left.pk, right.pk, voter, nonce], salt=PAIR_SALT, compress=True)


def pair_from_token(challenge, token: str, *, voter: str) -> Pair:
    try:
        challenge_id, left_id, right_id, shown_to, nonce = signing.loads(token, salt=PAIR_SALT, max_age=PAIR_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        raise InvalidPair() from None
    if challenge_id != challenge.pk or left_id == right_id or not nonce:
        raise InvalidPair()
    if shown_to != voter:
        raise PairOfAnotherParticipant()
    ideas = survey_ideas(challenge).in_bulk([left_id, right_id])
    if len(ideas) != 2:  # withdrawn, hidden or from another challenge since it was shown
        raise InvalidPair()
    return Pair(ideas[left_id], ideas[right_id], str(nonce))


# --- Results ---------------------------------------------------------------------------------------------------------


def wikisurvey_results(challenge) -> list[dict]:
    """Every idea with its All Our Ideas score, Bradley-Terry chance and interval, and comparisons; best first."""
    ideas = {idea.pk: idea for idea in survey_ideas(challenge)}
    if len(ideas) < 2:
        return []
    votes = []
    for left, right, choice in (
        survey_votes(challenge)
        .filter(valid=True, left_id__in=list(ideas), right_id__in=list(ideas))
        .values_list("left_id", "right_id", "choice")
    ):
        if choice == PairwiseVote.Choice.LEFT:
            votes.append((left, right))
        elif choice == PairwiseVote.Choice.RIGHT:
            votes.append((right, left))
    counts = tally(votes, list(ideas))
    estimates = bradley_terry(votes, list(ideas))
    rows = [
        {
            "idea": ideas[pk],
            "score": (wins + 1) / (wins + losses + 2) * 100,
            "bt": estimates[pk],
            "wins": wins,
            "losses": losses,
            "comparisons": wins + losses,
        }
        for pk, (wins, losses) in counts.items()
    ]
    rows.sort(key=lambda r: (-r["score"], -r["bt"].score, r["idea"].pk))
    return rows


# --- Moderation of ideas added in the survey -------------------------------------------------------------------------


def pending_ideas(challenge):
    return Idea.objects.filter(challenge=challenge, awaiting_moderation=True).select_related("author").order_by("pk")


PERSONAL_DATA_COVERS = ("wikisurveys.PairwiseVote.participant",)


def personal_data(user) -> list[dict]:
    """Every pair the person answered in a wiki survey while signed in (``valid``: counted in the results)."""
    votes = PairwiseVote.objects.filter(participant__user=user).select_related("challenge", "left", "right")
    return [
        {
            "challenge": v.challenge.slug,
            "left": {"id": v.left_id, "title": v.left.title},
            "right": {"id": v.right_id, "title": v.right.title},
            "choice": v.choice,
            "valid": v.valid,
            "created_at": v.created_at.isoformat(),
        }
        for v in votes.order_by("pk")
    ]
