"""Who may do what with problems.

City-wide problems follow the public body's settings; problems in a challenge follow the challenge's active stage.
"""

import rules
from django.conf import settings

from cocreate.challenges.rules import can_participate, can_view_challenge
from cocreate.challenges.stages import Feature
from cocreate.organisations.predicates import (
    is_admin_of,
    is_authenticated,
    is_moderator_of,
    is_official_of,
    is_superuser,
    is_suspended,
)

PROBLEM = "problems.problem"


@rules.predicate
def in_challenge(user, problem) -> bool:
    return problem is not None and problem.challenge_id is not None


@rules.predicate
def is_hidden(user, problem) -> bool:
    return problem is not None and problem.is_hidden


@rules.predicate
def is_author(user, problem) -> bool:
    return problem is not None and user.is_authenticated and problem.author_id == user.pk


@rules.predicate
def is_open(user, problem) -> bool:
    return problem is not None and problem.is_open


@rules.predicate
def organisation_accepts_reports(user, organisation) -> bool:
    return organisation is not None and getattr(organisation, "accepts_reports", False)


@rules.predicate
def reports_without_account_on(user, organisation) -> bool:
    return settings.COCREATE_REPORTS_WITHOUT_ACCOUNT


@rules.predicate
def is_challenge(user, obj) -> bool:
    from cocreate.challenges.models import Challenge

    return isinstance(obj, Challenge)


def challenge_allows(feature: str):
    """In a challenge: its active stage decides. City-wide: signed in and not suspended is enough."""
    return (in_challenge & can_participate(feature, PROBLEM)) | (~in_challenge & is_authenticated & ~is_suspended)


can_manage_problem = is_superuser | is_official_of
can_moderate_problem = is_superuser | is_moderator_of
can_view_problem = can_manage_problem | can_moderate_problem | (~is_hidden & (~in_challenge | can_view_challenge))

rules.add_perm("problems.view_problem", can_view_problem)
# The page of a hidden problem shows only the moderation notice to those who may not see the problem itself.
rules.add_perm("problems.view_problem_page", can_view_problem | (is_hidden & (~in_challenge | can_view_challenge)))
# The object is the challenge (exploration stage) or the public body (city-wide reports).
rules.add_perm(
    "problems.add_problem",
    (is_challenge & can_participate(Feature.CREATE, PROBLEM))
    | (~is_challenge & is_authenticated & ~is_suspended & organisation_accepts_reports),
)
# A visitor without an account reports city-wide with an e-mail address, confirmed by a link (the object is the public
# body); a signed-in person reports with their account instead.
rules.add_perm(
    "problems.add_problem_without_account",
    ~is_authenticated & reports_without_account_on & ~is_challenge & organisation_accepts_reports,
)
rules.add_perm(
    "problems.support_problem", can_view_problem & ~is_hidden & ~is_author & is_open & challenge_allows(Feature.SUPPORT)
)
rules.add_perm("problems.comment_problem", can_view_problem & ~is_hidden & challenge_allows(Feature.COMMENT))
rules.add_perm("problems.follow_problem", can_view_problem & challenge_allows(Feature.FOLLOW))
rules.add_perm("problems.answer_problem", can_manage_problem)
rules.add_perm("problems.note_problem", can_manage_problem)
rules.add_perm("problems.triage_problem", can_manage_problem)
# The exact location: the reported point and the address as typed (which would give the point away).
rules.add_perm("problems.view_exact_location", can_manage_problem)
# "Was it fixed?" is the reporter's to answer; the action refuses it (409) for a problem that is not done.
rules.add_perm("problems.confirm_fixed", is_author)

# Open311: the object is the public body whose API keys are issued or revoked.
rules.add_perm("problems.manage_api_keys", is_superuser | is_admin_of)
# Erasing the contact that applications passed on for a reporter without an account, who cannot erase it themself.
rules.add_perm("problems.erase_reporter_contact", is_superuser | is_admin_of)
