from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignsConfig(AppConfig):
    name = "cocreate.designs"
    label = "designs"
    verbose_name = _("Designs")

    def ready(self):
        from django.urls import reverse

        from cocreate.accounts.registry import register_contributions, register_personal_data
        from cocreate.activity.link_kinds import LinkKind, register_link_kinds
        from cocreate.activity.verbs import register_verbs
        from cocreate.challenges import stages
        from cocreate.challenges.stages import Feature, StageType
        from cocreate.core.registry import register_demo, register_sitemap

        from . import demo, queries
        from .models import Design
        from .sitemaps import DesignSitemap

        stages.register(
            StageType(
                key="design",
                label=_("Design"),
                description=_(
                    "Turn the chosen ideas into a service that can be built: write designs together, support and "
                    "discuss them."
                ),
                features={
                    Feature.CREATE: [Design],
                    Feature.SUPPORT: [Design],
                    Feature.COMMENT: [Design],
                    Feature.FOLLOW: ["challenges.challenge", Design],
                },
                role="designer",
                entry=lambda challenge: (_("See and write designs"), reverse("designs:list", args=[challenge.slug])),
            )
        )
        # A design takes ideas forward: their people hear what became of them.
        register_link_kinds(
            {
                "designed_from": LinkKind(
                    _("was designed from"), _("was taken forward in the design"), source_came_first=False
                ),
                "designed_in": LinkKind(_("was designed in"), _("received the design"), source_came_first=False),
            }
        )
        register_verbs(
            {
                "design.started": _("started a design"),
                "design.revised": _("saved a new version of the design"),
                "design.withdrawn": _("withdrew the design"),
                "design.coauthor_invited": _("invited you to write the design"),
                "design.coauthor_accepted": _("accepted to write the design"),
                "design.coauthor_declined": _("declined to write the design"),
                "lineage.taken_forward": _("took forward something you took part in, in a design"),
            }
        )
        register_contributions(role="designer", label=_("Designs written"), items=queries.proposed_by)
        register_personal_data("designs", queries.personal_data)
        self._register_test_rounds()
        register_demo(order=45, seed=demo.seed_demo)
        register_sitemap("designs", DesignSitemap)

    def _register_test_rounds(self):
        from cocreate.accounts.registry import register_personal_data
        from cocreate.activity.verbs import register_verbs

        from . import testround_queries

        register_verbs(
            {
                "design.test_round_opened": _("opened a test round of the design"),
                "design.test_round_changed": _("changed a test round of the design"),
                "design.test_round_status": _("changed the status of a test round of the design"),
                "design.test_round_finished": _("finished a test round of the design"),
                "design.test_signed_up": _("signed up to test the design"),
                "design.test_signup_withdrawn": _("withdrew from testing the design"),
                "design.tester_confirmed": _("confirmed you as a tester of the design"),
                "design.tester_declined": _("could not give you a place as a tester of the design"),
                "design.test_feedback_given": _("gave feedback on testing the design"),
                "design.finding_recorded": _("recorded a finding of testing the design"),
                "design.findings_answered": _("answered findings of testing in a new version of the design"),
            }
        )
        register_personal_data("design_test_rounds", testround_queries.personal_data)
