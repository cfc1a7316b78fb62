from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionMapsConfig(AppConfig):
    name = "cocreate.opinionmaps"
    label = "opinionmaps"
    verbose_name = _("Opinion maps")

    def ready(self):
        from django.urls import reverse

        from cocreate.accounts.registry import register_personal_data
        from cocreate.activity.verbs import register_verbs
        from cocreate.challenges import stages
        from cocreate.challenges.stages import Feature, StageType
        from cocreate.core.registry import register_demo

        from . import demo, queries
        from .models import Statement

        stages.register(
            StageType(
                key="opinion_map",
                label=_("Opinion map"),
                description=_(
                    "Agree or disagree with short statements, add your own, and see where people agree and differ."
                ),
                features={
                    Feature.VOTE: [Statement],
                    Feature.CREATE: [Statement],
                    Feature.FOLLOW: ["challenges.challenge"],
                },
                settings_model="opinionmaps.OpinionMapSettings",
                role="ideator",
                entry=lambda challenge: (_("Vote on statements"), reverse("opinionmaps:page", args=[challenge.slug])),
            )
        )
        register_verbs(
            {
                "statement.seeded": _("added a starting statement"),
                "statement.approved": _("approved a statement"),
                "statement.rejected": _("rejected a statement"),
                "statement.hidden": _("moderated out a statement"),
            }
        )
        register_demo(order=55, seed=demo.seed_demo)
        register_personal_data("opinion_maps", queries.personal_data, covers=queries.PERSONAL_DATA_COVERS)
