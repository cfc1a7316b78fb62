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
