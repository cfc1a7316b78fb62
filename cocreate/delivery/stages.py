"""The stage type delivery owns: carrying out what was decided, in public. It may last months, or stay open."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cocreate.challenges.stages import Feature, StageType

DELIVERY = StageType(
    key="delivery",
    label=_("Delivery"),
    description=_(
        "The public body carries out what was decided: each project shows its milestones, progress, budget and "
        "updates. Follow a project to hear how it goes."
    ),
    features={Feature.FOLLOW: ["challenges.challenge", "delivery.implementationproject"]},
    default_days=None,  # delivery goes on until the projects are done
    entry=lambda challenge: (_("See the projects"), reverse("delivery:for_challenge", args=[challenge.slug])),
    manage=lambda stage: (_("Run the delivery"), reverse("delivery:for_stage", args=[stage.pk])),
)


def is_delivery(stage) -> bool:
    return stage is not None and stage.stage_type == DELIVERY
