from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "cocreate.ideas"
    label = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        from django.urls import reverse

        from cocreate.accounts.registry import register_contributions, register_personal_data
        from cocreate.activity.link_kinds import LinkKind, register_link_kinds
        from cocreate.activity.verbs import register_verbs
        from cocreate.challenges import stages
        from cocreate.challenges.stages import Feature, StageType

        from . import queries
        from .models import Idea, Statement

        stages.register(
            StageType(
                key="idea_collection",
                label=_("Idea collection"),
                description=_("Propose solutions to the challenge, support the ones you like and discuss them."),
                features={
                    Feature.CREATE: [Idea],
                    Feature.SUPPORT: [Idea],
                    Feature.COMMENT: [Idea],
                    Feature.FOLLOW: ["challenges.challenge", Idea],
                },
                role="ideator",
                entry=lambda challenge: (_("See and propose ideas"), reverse("ideas:list", args=[challenge.slug])),
            )
        )
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
                role="ideator",
                entry=lambda challenge: (_("Compare ideas"), reverse("ideas:wikisurvey", args=[challenge.slug])),
            )
        )
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
                role="ideator",
                entry=lambda challenge: (
                    _("Vote on statements"),
                    reverse("ideas:opinion_map", args=[challenge.slug]),
                ),
            )
        )
        # The idea came of the challenge: its people hear what became of the problems the challenge came from.
        register_link_kinds(
            {"proposed_in": LinkKind(_("was proposed in"), _("received the idea"), source_came_first=False)}
        )
        register_verbs(
            {
                "idea.submitted": _("proposed an idea"),
                "idea.edited": _("edited the idea"),
                "idea.withdrawn": _("withdrew the idea"),
                "idea.approved": _("approved the idea"),
                "idea.rejected": _("rejected the idea"),
                "statement.seeded": _("added a starting statement"),
                "statement.approved": _("approved a statement"),
                "statement.rejected": _("rejected a statement"),
                "statement.hidden": _("moderated out a statement"),
            }
        )
        register_contributions(role="ideator", label=_("Ideas proposed"), items=queries.proposed_by)
        register_personal_data("ideas", queries.personal_data)
