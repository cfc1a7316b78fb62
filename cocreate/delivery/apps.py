from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    name = "cocreate.delivery"
    label = "delivery"
    verbose_name = _("Delivery")

    def ready(self):
        from cocreate.accounts.registry import register_erasure, register_personal_data
        from cocreate.activity.journeys import register_journey
        from cocreate.activity.link_kinds import LinkKind, register_link_kinds
        from cocreate.activity.verbs import register_verbs
        from cocreate.challenges import stages
        from cocreate.core.registry import register_demo

        from . import actions, demo, queries, rules, volunteering  # noqa: F401  (rules registers the permissions)
        from .models import ImplementationProject
        from .stages import DELIVERY

        stages.register(DELIVERY)
        from cocreate.engagement.registry import register_participants

        from .volunteering_queries import participants_of_projects

        register_participants(participants_of_projects)
        register_link_kinds(
            {
                # a selected design (or idea, or a decision's project without one) -> the project carrying it out
                "implemented_as": LinkKind(_("is carried out as"), _("carries out"), source_came_first=True),
                # the project -> the challenge it is delivered in
                "delivered_in": LinkKind(_("is delivered in"), _("delivers"), source_came_first=False),
            }
        )
        register_journey(ImplementationProject)
        register_verbs(
            {
                "delivery.project_created": _("started an implementation project"),
                "delivery.project_changed": _("changed the details of an implementation project"),
                "delivery.progress_set": _("set the progress of an implementation project"),
                "delivery.milestone_added": _("planned a milestone of an implementation project"),
                "delivery.milestone_recorded": _("recorded a milestone of an implementation project as reached"),
                "delivery.milestone_reached": _("reached a milestone of a project that came of what you took part in"),
                "delivery.budget_added": _("added a budget line to an implementation project"),
                "delivery.budget_imported": _("imported budget lines of an implementation project"),
                "delivery.update_posted": _("posted an update on an implementation project"),
            }
        )
        register_personal_data("delivery", queries.personal_data, covers=queries.PERSONAL_DATA_COVERS)
        register_erasure(actions.erase_person, covers=queries.PERSONAL_DATA_COVERS)
        register_demo(order=70, seed=demo.seed_demo)
        volunteering.register()
