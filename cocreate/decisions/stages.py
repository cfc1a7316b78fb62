"""The two stage types decisions owns: a participatory-budgeting vote, and a selection by officials."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.challenges.stages import Feature, StageType


def _entry(label):
    def entry(challenge):
        return label, reverse("decisions:for_challenge", args=[challenge.slug])

    return entry


def _manage(label):
    def manage(stage):
        return label, reverse("decisions:manage_for_stage", args=[stage.pk])

    return manage


VOTE = StageType(
    key="vote",
    label=_("Participatory budgeting vote"),
    description=_(
        "Residents decide which projects are funded: choose the projects you want within the budget. The ballots "
        "and the count are published so that anyone can check the result."
    ),
    features={Feature.VOTE: ["decisions.project"], Feature.FOLLOW: ["challenges.challenge"]},
    entry=_entry(_("Vote")),
    manage=_manage(_("Set up the vote")),
)

SELECTION = StageType(
    key="selection",
    label=_("Selection"),
    description=_("The public body chooses which designs or ideas go ahead and gives its reason for each, in public."),
    features={Feature.FOLLOW: ["challenges.challenge"]},
    entry=_entry(_("See the decision")),
    manage=_manage(_("Set up the selection")),
)

DECISION_STAGE_TYPES = (VOTE, SELECTION)


def makes_decision(stage) -> bool:
    return stage.stage_type in DECISION_STAGE_TYPES
