"""The stage type adoption owns: a campaign that helps a ready service reach the people it is for. It may stay open
for months, or with no end at all."""

from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cocreate.challenges.stages import Feature, StageType


def _entry(challenge):
    """Where people report how they use the service, once the stage has a campaign: before, there is nothing to
    report on (officials start one from the stage's management link)."""
    from .queries import campaign_for_challenge

    campaign, _stage = campaign_for_challenge(challenge)
    if campaign is None:
        return None
    return _("Report how you use it"), reverse("adoption:for_challenge", args=[challenge.slug])


def _manage(stage):
    return _("Set up the adoption campaign"), reverse("adoption:manage_for_stage", args=[stage.pk])


def _summary(stage):
    """For the challenge's timeline: how many people use the service regularly, and how many say it helped."""
    from .from_project import regular_users
    from .queries import campaign_of_stage

    campaign = campaign_of_stage(stage)
    if campaign is None:
        return None
    users = regular_users(campaign)
    text = ngettext("%(users)s regular user", "%(users)s regular users", users) % {"users": users}
    if campaign.helped_percent is not None:
        text += " · " + gettext("%(percent)s%% say it helped") % {"percent": campaign.helped_percent}
    return text


ADOPTION = StageType(
    key="adoption",
    label=_("Adoption"),
    description=_(
        "The service is ready. Find out what it is, how to use it and where, and tell the public body how far you "
        "have come with it and whether it helped you: with an account or without one."
    ),
    features={Feature.CREATE: ["adoption.adoptionreport"], Feature.FOLLOW: ["challenges.challenge"]},
    role="diffuser",
    default_days=None,
    entry=_entry,
    manage=_manage,
    summary=_summary,
)

ADOPTION_STAGE_TYPES = (ADOPTION,)


def runs_campaigns(stage) -> bool:
    """Whether a stage is of a type that has an adoption campaign."""
    return stage.stage_type in ADOPTION_STAGE_TYPES
