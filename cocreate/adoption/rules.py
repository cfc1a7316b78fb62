"""Who may read and run adoption campaigns, and who may report.

Everyone who may see the challenge reads its campaign; the officials of the challenge's public body and the
administrators set it up; residents report, with an account or without, while the campaign's stage runs and allows
reports (``Feature.CREATE`` of ``adoption.adoptionreport``, as the stage type declares).
"""

import rules

from cocreate.challenges.rules import can_manage_challenge, can_view_challenge, is_published
from cocreate.challenges.stages import Feature
from cocreate.organisations.predicates import is_suspended


@rules.predicate
def is_adoption_stage(user, stage) -> bool:
    from .stages import runs_campaigns

    return stage is not None and runs_campaigns(stage)


@rules.predicate
def takes_reports_now(user, campaign) -> bool:
    """The campaign's own stage runs now and allows reports."""
    stage = getattr(campaign, "stage", None)
    return stage is not None and stage.is_active() and stage.allows(Feature.CREATE, "adoption.adoptionreport")


can_view_campaign = can_view_challenge
can_manage_campaign = can_manage_challenge

rules.add_perm("adoption.view_campaign", can_view_campaign)
# ``obj`` is the stage: its challenge decides (``challenge_of`` reads ``stage.challenge``).
rules.add_perm("adoption.add_campaign", can_manage_challenge & is_adoption_stage)
rules.add_perm("adoption.change_campaign", can_manage_campaign)
rules.add_perm("adoption.view_funnel", can_view_campaign)
# With an account or without one: a suspended person may read but not report.
rules.add_perm("adoption.add_adoptionreport", ~is_suspended & can_view_campaign & is_published & takes_reports_now)


@rules.predicate
def is_delivered_project(user, project) -> bool:
    return getattr(project, "status", None) == "done"


# ``obj`` is the delivered project: the officials of its challenge's public body start its campaign.
rules.add_perm("adoption.start_campaign_from_project", can_manage_challenge & is_delivered_project)


def is_the_ambassador(user, ambassador) -> bool:
    return ambassador is not None and user.is_authenticated and ambassador.user_id == user.pk


# Ambassadors: signed-in people who may report spread the word while the campaign takes reports; each sees and
# stops only their own ambassadorship; the campaign's officials see the list with the counts.
rules.add_perm(
    "adoption.add_ambassador",
    rules.is_authenticated & ~is_suspended & can_view_campaign & is_published & takes_reports_now,
)
rules.add_perm("adoption.change_ambassador", is_the_ambassador)
rules.add_perm("adoption.view_ambassadors", can_manage_campaign)

# Information events (events.py): officials run them; signed-in residents who may see the campaign sign up.
rules.add_perm("adoption.add_informationevent", can_manage_campaign)  # ``obj`` is the campaign
rules.add_perm("adoption.change_informationevent", can_manage_campaign)  # ``obj`` is the event
rules.add_perm(
    "adoption.signup_informationevent", rules.is_authenticated & ~is_suspended & can_view_campaign & is_published
)
