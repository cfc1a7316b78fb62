from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdoptionConfig(AppConfig):
    name = "cocreate.adoption"
    label = "adoption"
    verbose_name = _("Adoption")

    def ready(self):
        from cocreate.accounts.registry import register_erasure, register_personal_data
        from cocreate.activity.journeys import register_journey
        from cocreate.activity.link_kinds import LinkKind, register_link_kinds
        from cocreate.activity.verbs import register_verbs
        from cocreate.challenges import stages
        from cocreate.core.registry import register_daily_task, register_demo, register_page_panel

        from . import demo, from_project, personal_data, rules  # noqa: F401  (rules registers the permissions)
        from .models import Campaign
        from .reminders import ask_whether_still_used
        from .stages import ADOPTION_STAGE_TYPES
        from .tasks import regroup_pending_reasons

        for stage_type in ADOPTION_STAGE_TYPES:
            stages.register(stage_type)
        register_link_kinds(
            {
                "promoted_in": LinkKind(
                    _("is promoted in the adoption campaign"), _("promotes"), source_came_first=True
                ),
                # the delivered project -> the campaign helping its service reach people
                "taken_up_in": LinkKind(
                    _("is taken up through the adoption campaign"), _("helps people take up"), source_came_first=True
                ),
            }
        )
        register_journey(Campaign)
        register_verbs(
            {
                "adoption.campaign_created": _("started the adoption campaign"),
                "adoption.campaign_changed": _("changed the adoption campaign"),
                "adoption.segment_added": _("added a target population to the campaign"),
                "adoption.segment_changed": _("changed a target population of the campaign"),
                "adoption.reported": _("reported how they use the service"),
                "adoption.campaign_started": _(
                    "started the adoption campaign of a service that came of what you took part in"
                ),
                "adoption.goal_reached": _(
                    "A target population reached its goal of regular users of a service that came of what you "
                    "took part in"
                ),
                "adoption.ambassador_started": _("became an ambassador of the campaign"),
                "adoption.ambassador_stopped": _("stopped being an ambassador of the campaign"),
                "adoption.event_created": _("announced an information event of the campaign"),
                "adoption.event_changed": _("changed an information event of the campaign"),
                "adoption.event_cancelled": _("cancelled an information event of the campaign"),
                "adoption.event_moved": _("an information event you signed up for has a new time or place"),
                "adoption.event_signed_up": _("signed up for an information event"),
                "adoption.event_signup_cancelled": _("cancelled a sign-up for an information event"),
                "adoption.still_used": _("asks whether you still use the service you tried"),
            }
        )
        register_personal_data("adoption", personal_data.personal_data, covers=personal_data.EXPORTED)
        register_erasure(personal_data.erase, covers=personal_data.ERASED)
        register_demo(order=70, seed=demo.seed_demo)
        register_daily_task(regroup_pending_reasons)
        register_page_panel(
            "delivery.implementationproject",
            order=50,
            template_name="adoption/project_panel.html",
            context=from_project.project_panel_context,
        )
        register_daily_task(ask_whether_still_used)
