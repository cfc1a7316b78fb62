"""The wiki survey: participants, choosing the next pair, votes, results and the moderation of added ideas.

Writes are the ``*_vote`` / ``*_moderate`` / ``participant_get_or_create`` functions (one transaction each, permission
checked inside); the other functions are the reads these pages need.
"""

import secrets

import numpy as np
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from cocreate.activity.actions import activity_record
from cocreate.core.errors import CocreateError
from cocreate.core.pagecache import page_changed
from cocreate.core.permissions import require_perm
from cocreate.sensemaking.wikisurvey import bradley_terry, choose_pair, tally

from .models import Idea, PairwiseVote, Participant

PAIR_SALT = "cocreate.ideas.wikisurvey.pair"
PAIR_MAX_AGE = 24 * 3600
SESSION_PAIR = "wikisurvey_pair_{}"


class InvalidPair(CocreateError):
    code = "wikisurvey_invalid_pair"
    status = 400
    default_message = _("These two ideas are no longer a pair of this wiki survey. Please vote on the new pair.")


class NotAwaitingModeration(CocreateError):
    code = "idea_not_awaiting_moderation"
    status = 409
    default_message = _("This idea has already been moderated.")


# --- Participants (shared with the opinion map) ----------------------------------------------------------------------


def participant_find(*, challenge, user, token: str = "") -> Participant | None:
    if user.is_authenticated:
        return Participant.objects.filter(challenge=challenge, user=user).first()
    if not token:
        return None
    return Participant.objects.filter(challenge=challenge, token=token).first()


def participant_get_or_create(*, challenge, user, token: str = "") -> Participant:
    """The signed-in person's participant in this challenge, or the pseudonym bound to an anonymous session."""
    lookup = {"user": user} if user.is_authenticated else {"token": token}
    if not user.is_authenticated and not token:
        raise ValueError("An anonymous participant needs a session token.")
    try:
        with transaction.atomic():
            return Participant.objects.get_or_create(challenge=challenge, **lookup)[0]
    except IntegrityError:  # created at the same moment by a second request of the same person
        return Participant.objects.get(challenge=challenge, **lookup)


# --- Choosing the pair -----------------------------------------------------------------------------------------------


def survey_ideas(challenge):
    """The ideas that take part: approved by moderation, not hidden, not withdrawn."""
    return Idea.objects.filter(
        challenge=challenge, awaiting_moderation=False, is_hidden=False, withdrawn_at__isnull=True
    ).order_by("pk")


def appearances(challenge) -> dict[tuple[int, int], int]:
    rows = PairwiseVote.objects.filter(challenge=challenge).values("left_id", "right_id").annotate(n=Count("id"))
    return {(row["left_id"], row["right_id"]): row["n"] for row in rows.order_by()}


def previous_pair(session, challenge, participant: Participant | None) -> tuple[int, int] | None:
    """The pair this participant saw last: from the session, else from their last vote."""
    stored = session.get(SESSION_PAIR.format(challenge.pk))
    if stored:
        return int(stored[0]), int(stored[1])
    if participant is not None:
        last = participant.pairwise_votes.order_by("-created_at", "-pk").values_list("left_id", "right_id").first()
        if last:
            return last
    return None


def next_pair(session, challenge, participant: Participant | None) -> tuple[Idea, Idea] | None:
    """Two ideas to compare (None with fewer than two); never the pair the participant saw just before."""
    ideas = {idea.pk: idea for idea in survey_ideas(challenge)}
    if len(ideas) < 2:
        return None
    rng = np.random.default_rng(secrets.randbits(64))
    left, right = choose_pair(
        appearances(challenge),
        ideas=list(ideas),
        previous_pair=previous_pair(session, challenge, participant),
        rng=rng,
    )
    session[SESSION_PAIR.format(challenge.pk)] = [int(left), int(right)]
    return ideas[left], ideas[right]


def pair_token(challenge, left: Idea, right: Idea) -> str:
    """Signed into the form, so that only pairs this site has shown can be voted on."""
    return signing.dumps([challenge.pk, left.pk, right.pk], salt=PAIR_SALT, compress=True)


def pair_from_token(challenge, token: str) -> tuple[Idea, Idea]:
    try:
        challenge_id, left_id, right_id = signing.loads(token, salt=PAIR_SALT, max_age=PAIR_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        raise InvalidPair() from None
    if challenge_id != challenge.pk or left_id == right_id:
        raise InvalidPair()
    ideas = survey_ideas(challenge).in_bulk([left_id, right_id])
    if len(ideas) != 2:  # withdrawn, hidden or from another challenge since it was shown
        raise InvalidPair()
    return ideas[left_id], ideas[right_id]


# --- Votes -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def wikisurvey_vote(*, user, token: str = "", challenge, left: Idea, right: Idea, choice: str) -> PairwiseVote:
    """Record one answer to "which of these two ideas better meets the challenge?"."""
    require_perm(user, "ideas.vote_wikisurvey", challenge)
    if choice not in PairwiseVote.Choice.values:
        raise InvalidPair(_("Choose one of the two ideas, or “I can't decide”."))
    current = survey_ideas(challenge).filter(pk__in=[left.pk, right.pk]).count()
    if left.pk == right.pk or current != 2:
        raise InvalidPair()
    participant = participant_get_or_create(challenge=challenge, user=user, token=token)
    return PairwiseVote.objects.create(
        challenge=challenge, participant=participant, left=left, right=right, choice=choice
    )


# --- Results ---------------------------------------------------------------------------------------------------------


def wikisurvey_results(challenge) -> list[dict]:
    """Every idea with its All Our Ideas score, Bradley-Terry chance and interval, and comparisons; best first."""
    ideas = {idea.pk: idea for idea in survey_ideas(challenge)}
    if len(ideas) < 2:
        return []
    votes = []
    for left, right, choice in PairwiseVote.objects.filter(
        challenge=challenge, valid=True, left_id__in=list(ideas), right_id__in=list(ideas)
    ).values_list("left_id", "right_id", "choice"):
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


@transaction.atomic
def wikisurvey_idea_moderate(*, actor, idea: Idea, approve: bool) -> Idea:
    """Let an idea added in the survey into the pairs, or keep it out (it is then hidden)."""
    idea = Idea.objects.select_for_update().select_related("challenge").get(pk=idea.pk)
    require_perm(actor, "ideas.moderate_wikisurvey_idea", idea.challenge)
    if not idea.awaiting_moderation:
        raise NotAwaitingModeration()
    idea.awaiting_moderation = False
    idea.is_hidden = not approve
    idea.save(update_fields=["awaiting_moderation", "is_hidden", "updated_at"])
    page_changed(idea)
    activity_record(actor=actor, verb="idea.approved" if approve else "idea.rejected", target=idea, public=approve)
    return idea
