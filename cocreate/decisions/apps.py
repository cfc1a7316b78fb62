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
        pass

    def ready_manage(self):
        pass
