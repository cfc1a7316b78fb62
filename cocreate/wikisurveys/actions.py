"""The wiki survey: choosing the next pair, votes and the moderation of added ideas.

Writes are the ``*_vote`` / ``*_moderate`` functions (one transaction each, permission checked inside) and
``next_pair``, which remembers the pair it shows in the session. The reads these pages need are in
:mod:`cocreate.wikisurveys.queries`.
"""

import secrets

import numpy as np
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cocreate.activity.actions import activity_record
from cocreate.core.pagecache import page_changed
from cocreate.core.permissions import require_perm
from cocreate.engagement.actions import participant_get_or_create
from cocreate.engagement.models import Participant
from cocreate.ideas.models import Idea
from cocreate.sensemaking.wikisurvey import choose_pair

from .errors import InvalidPair, NotAwaitingModeration, PairAlreadyAnswered
from .models import PairwiseVote
from .queries import SESSION_PAIR, appearances, previous_pair, survey_ideas

# --- Choosing the pair -----------------------------------------------------------------------------------------------


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


# --- Votes -----------------------------------------------------------------------------------------------------------


@transaction.atomic
def wikisurvey_vote(
    *, user, token: str = "", challenge, left: Idea, right: Idea, choice: str, pair_nonce: str = ""
) -> PairwiseVote:
    """Record one answer to "which of these two ideas better meets the challenge?".

    ``pair_nonce`` is the pair token's (``queries.pair_from_token``): a token already answered stores nothing and
    raises :class:`PairAlreadyAnswered`, decided by a unique constraint, so also for two requests at once.
    """
    require_perm(user, "wikisurveys.vote", challenge)
    if choice not in PairwiseVote.Choice.values:
        raise InvalidPair(_("Choose one of the two ideas, or “I can't decide”."))
    current = survey_ideas(challenge).filter(pk__in=[left.pk, right.pk]).count()
    if left.pk == right.pk or current != 2:
        raise InvalidPair()
    participant = participant_get_or_create(challenge=challenge, user=user, token=token)
    try:
        with transaction.atomic():
            return PairwiseVote.objects.create(
                challenge=challenge,
                stage=challenge.active_stage(),
                participant=participant,
                left=left,
                right=right,
                choice=choice,
                pair_nonce=pair_nonce,
            )
    except IntegrityError:
        if not pair_nonce:
            raise
        raise PairAlreadyAnswered() from None


# --- Moderation of ideas added in the survey -------------------------------------------------------------------------


@transaction.atomic
def wikisurvey_idea_moderate(*, actor, idea: Idea, approve: bool) -> Idea:
    """Let an idea added in the survey into the pairs, or keep it out (it is then hidden)."""
    idea = Idea.objects.select_for_update().select_related("challenge").get(pk=idea.pk)
    require_perm(actor, "wikisurveys.moderate_idea", idea.challenge)
    if not idea.awaiting_moderation:
        raise NotAwaitingModeration()
    idea.awaiting_moderation = False
    idea.is_hidden = not approve
    idea.save(update_fields=["awaiting_moderation", "is_hidden", "updated_at"])
    page_changed(idea, listed=True)
    activity_record(actor=actor, verb="idea.approved" if approve else "idea.rejected", target=idea, public=approve)
    return idea
