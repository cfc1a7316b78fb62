import rules

from cocreate.challenges.rules import can_view_challenge
from cocreate.organisations.predicates import is_authenticated, is_official_of, is_superuser, is_suspended


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


@rules.predicate
def takes_votes_now(user, decision) -> bool:
    """The decision's stage runs, lets people vote on projects, and the count has not started."""
    from .voting import stage_takes_votes

    return decision is not None and stage_takes_votes(decision)


@rules.predicate
def takes_residents(user, decision) -> bool:
    from .voting import takes_residents as residents_vote

    return decision is not None and residents_vote(decision)


can_vote = is_authenticated & ~is_suspended & can_view_decision & takes_votes_now & takes_residents

rules.add_perm("decisions.vote_decision", can_vote)

# --- results --------------------------------------------------------------------------------------------------------

from cocreate.organisations.predicates import is_official_anywhere  # noqa: E402


@rules.predicate
def is_vote(user, decision) -> bool:
    return decision is not None and decision.is_vote


@rules.predicate
def is_selection(user, decision) -> bool:
    return decision is not None and not decision.is_vote


# Closing, dry counts and official selections are for the decision's public body.
rules.add_perm("decisions.close_decision", can_manage_decision & is_vote)
rules.add_perm("decisions.dry_count_decision", can_manage_decision & is_vote)
rules.add_perm("decisions.select_decision", can_manage_decision & is_selection)
rules.add_perm("decisions.view_dry_count_decision", can_manage_decision)
# Importing a Pabulib file: the page is for officials; the decision belongs to a public body they work for.
rules.add_perm("decisions.open_import", is_superuser | is_official_anywhere)
rules.add_perm("decisions.import_decision", is_superuser | is_official_of)


# --- managing -------------------------------------------------------------------------------------------------------


@rules.predicate
def counting_not_started(user, decision) -> bool:
    return decision is not None and decision.results == "none"


rules.add_perm("decisions.enter_paper_ballots", can_manage_decision & counting_not_started)
