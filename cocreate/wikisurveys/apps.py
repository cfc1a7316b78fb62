from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WikiSurveysConfig(AppConfig):
    name = "cocreate.wikisurveys"
    label = "wikisurveys"
    verbose_name = _("Wiki surveys")

    def ready(self):
        from django.urls import reverse

        from cocreate.accounts.registry import register_personal_data
        from cocreate.challenges import stages
        from cocreate.challenges.stages import Feature, StageType
        from cocreate.core.registry import register_demo
        from cocreate.ideas.models import Idea

        from . import demo, queries

        stages.register(
            StageType(
                key="wiki_survey",
                label=_("Wiki survey"),
                description=_("Choose, pair by pair, which idea better meets the challenge; add ideas of your own."),
                # ideas are compared pair by pair; those added here wait for a moderator
                features={
                    Feature.VOTE: [Idea],
                    Feature.CREATE: [Idea],
                    Feature.FOLLOW: ["challenges.challenge", Idea],
                },
                premoderated=[Idea],
                settings_model="wikisurveys.WikiSurveySettings",
                role="ideator",
                entry=lambda challenge: (_("Compare ideas"), reverse("wikisurveys:survey", args=[challenge.slug])),
            )
        )
        register_demo(order=50, seed=demo.seed_demo)
        register_personal_data("wiki_surveys", queries.personal_data, covers=queries.PERSONAL_DATA_COVERS)
