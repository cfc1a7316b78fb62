from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "cocreate.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self):
        from cocreate.accounts.registry import register_contributions, register_erasure, register_personal_data
        from cocreate.activity.journeys import register_journey
        from cocreate.activity.link_kinds import LinkKind, register_link_kinds
        from cocreate.challenges import stages

        from . import actions, queries, rules  # noqa: F401  (rules registers the permissions)
        from .models import Decision
        from .stages import DECISION_STAGE_TYPES

        for stage_type in DECISION_STAGE_TYPES:
            stages.register(stage_type)
        register_link_kinds(
            {"selected_in": LinkKind(_("was selected in"), _("selected"), source_came_first=True)},
        )
        register_journey(Decision)
        register_contributions(role="designer", label=_("Voted in (only you see this)"), items=queries.voted_in)
        register_personal_data("decisions", queries.personal_data, covers=queries.PERSONAL_DATA_COVERS)
        register_erasure(actions.erase_person, covers=("decisions.Ballot.user",))
        self.ready_voting()
        self.ready_results()
        self.ready_manage()

    def ready_voting(self):
        pass

    def ready_results(self):
        from cocreate.activity.verbs import register_verbs
        from cocreate.core.registry import register_daily_task, register_demo

        from . import demo
        from .tasks import close_ended_votes

        register_daily_task(close_ended_votes)
        from cocreate.engagement.registry import register_participants

        from .results_queries import voters_of_items

        register_participants(voters_of_items)
        register_demo(order=60, seed=demo.seed_demo)
        register_verbs(
            {
                "decision.closed": _("closed the vote"),
                "decision.results_published": _("published the results of the vote"),
                "decision.selection_made": _("made the selection, with reasons"),
                "decision.selected": _("selected a project you voted for"),
                "decision.not_selected": _("did not select a project you voted for"),
                "lineage.selected": _("selected something that came of your contribution"),
            }
        )

    def ready_manage(self):
        from cocreate.activity.verbs import register_verbs

        register_verbs(
            {
                "decision.settings_changed": _("changed the settings of the decision"),
                "decision.budget_added": _("added a budget to the decision"),
                "decision.budget_changed": _("changed a budget of the decision"),
                "decision.budget_removed": _("removed a budget from the decision"),
                "decision.project_added": _("put a project on the ballot"),
                "decision.project_changed": _("changed a project on the ballot"),
                "decision.project_removed": _("removed a project from the ballot"),
                "decision.codes_generated": _("made a batch of voting codes"),
                "decision.paper_entered": _("entered a paper ballot"),
                "decision.paper_resolved": _("resolved a paper ballot whose entries differed"),
            }
        )
