import rules

from cocreate.challenges.rules import can_view_challenge
from cocreate.organisations.predicates import is_official_of, is_superuser


@rules.predicate
def is_public(user, decision) -> bool:
    return decision is not None and decision.public


@rules.predicate
def challenge_visible(user, decision) -> bool:
    """A decision of a challenge is seen by those who may see the challenge; an imported one stands alone."""
    return decision is not None and (decision.challenge is None or can_view_challenge.test(user, decision.challenge))


can_manage_decision = is_superuser | is_official_of
can_view_decision = can_manage_decision | (is_public & challenge_visible)

rules.add_perm("decisions.view_decision", can_view_decision)
rules.add_perm("decisions.manage_decision", can_manage_decision)


# --- voting ---------------------------------------------------------------------------------------------------------

# --- results --------------------------------------------------------------------------------------------------------

# --- managing -------------------------------------------------------------------------------------------------------


@rules.predicate
def counting_not_started(user, decision) -> bool:
    return decision is not None and decision.results == "none"


rules.add_perm("decisions.enter_paper_ballots", can_manage_decision & counting_not_started)
