from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "cocreate.ideas"
    label = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        from django.urls import reverse

        from cocreate.accounts.registry import register_contributions, register_personal_data
        from cocreate.activity.journeys import register_journey
        from cocreate.activity.link_kinds import LinkKind, register_link_kinds
        from cocreate.activity.verbs import register_verbs
        from cocreate.challenges import stages
        from cocreate.challenges.stages import Feature, StageType
        from cocreate.core.registry import register_demo, register_sitemap
        from cocreate.decisions.sources import BallotSource, register_ballot_source
        from cocreate.engagement.registry import register_overdue

        from . import demo, queries
        from .models import Idea
        from .sitemaps import IdeaSitemap

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
        # The idea came of the challenge: its people hear what became of the problems the challenge came from.
        register_journey(Idea)
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
            }
        )
        from cocreate.core.search import register_search

        register_search(
            kind="idea",
            label=_("Idea"),
            plural_label=_("Ideas"),
            order=30,
            fields=queries.SEARCH_FIELDS,
            visible=queries.searchable_ideas,
            describe=queries.search_result,
        )
        register_contributions(role="ideator", label=_("Ideas proposed"), items=queries.proposed_by)
        register_contributions(role="ideator", label=_("Ideas supported"), items=queries.supported_by)
        register_contributions(role="ideator", label=_("Ideas commented on"), items=queries.commented_on_by)
        register_personal_data("ideas", queries.personal_data, covers=("ideas.Idea.author",))
        register_demo(order=40, seed=demo.seed_demo)
        register_sitemap("ideas", IdeaSitemap)
        # An accepted idea stays accepted whether or not the vote funds it: its answer says what became of it.
        register_ballot_source(
            BallotSource(
                model="ideas.idea", candidates=queries.ballot_candidates, cost=lambda idea: None, selected_status=""
            )
        )
        register_overdue(Idea, queries.overdue_in_department)
