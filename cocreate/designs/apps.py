from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignsConfig(AppConfig):
    name = "cocreate.designs"
    label = "designs"
    verbose_name = _("Designs")

    def ready(self):
        from django.urls import reverse

        from cocreate.accounts.registry import register_contributions, register_erasure, register_personal_data
        from cocreate.activity.journeys import register_journey
        from cocreate.activity.link_kinds import LinkKind, register_link_kinds
        from cocreate.activity.verbs import register_verbs
        from cocreate.challenges import stages
        from cocreate.challenges.stages import Feature, StageType
        from cocreate.core.registry import register_demo, register_sitemap
        from cocreate.decisions.sources import BallotSource, register_ballot_source

        from . import actions, demo, queries
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
                    Feature.AMEND: [Design],
                    Feature.FOLLOW: ["challenges.challenge", Design],
                    # No Feature.REVIEW: feasibility reviews are the public body's work, not participation, and
                    # go on whatever the stage (see rules.py).
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
                "spun_off_from": LinkKind(
                    _("grew from an amendment to"), _("had an amendment that became"), source_came_first=False
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
                "design.amendment_proposed": _("proposed an amendment to the design"),
                "design.amendment_revised": _("updated an amendment to the design"),
                "design.amendment_accepted": _("accepted your amendment"),
                "design.amendment_rejected": _("rejected your amendment"),
                "design.amendment_changes_requested": _("asked for changes to your amendment"),
                "design.amendments_closed": _("closed the design to new amendments"),
                "design.amendments_opened": _("opened the design to amendments again"),
                "lineage.taken_forward": _("took forward something you took part in, in a design"),
            }
        )
        register_journey(Design)
        from cocreate.core.search import register_search

        register_search(
            kind="design",
            label=_("Design"),
            plural_label=_("Designs"),
            order=40,
            fields=queries.SEARCH_FIELDS,
            visible=queries.searchable_designs,
            describe=queries.search_result,
        )
        register_contributions(role="designer", label=_("Designs written"), items=queries.proposed_by)
        register_contributions(role="designer", label=_("Designs commented on"), items=queries.commented_on_by)
        register_personal_data("designs", queries.personal_data, covers=queries.PERSONAL_DATA_COVERS)
        register_erasure(actions.erase_person, covers=("designs.CoAuthor.user",))
        self._register_test_rounds()
        register_demo(order=45, seed=demo.seed_demo)
        register_sitemap("designs", DesignSitemap)
        register_ballot_source(
            BallotSource(
                model="designs.design",
                candidates=queries.ballot_candidates,
                cost=queries.estimated_cost,
                selected_status=Design.Status.SELECTED,
                not_selected_status=Design.Status.NOT_SELECTED,
            )
        )

        # Feasibility reviews
        from cocreate.engagement.registry import register_overdue

        from . import review_queries
        from .models import FeasibilityReview

        register_verbs(
            {
                "design.review_requested": _("asked a department to review the design"),
                "design.review_given": _("gave a department's verdict on the design"),
            }
        )
        register_overdue(FeasibilityReview, review_queries.overdue_in_department)
        from cocreate.engagement.registry import register_participants

        register_participants(queries.participants_of_designs)
        register_personal_data(
            "design_reviews",
            review_queries.personal_data,
            covers=("designs.FeasibilityReview.requested_by", "designs.FeasibilityReview.reviewer"),
        )

    def _register_test_rounds(self):
        from cocreate.accounts.registry import register_erasure, register_personal_data
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
        register_personal_data(
            "design_test_rounds", testround_queries.personal_data, covers=testround_queries.PERSONAL_DATA_COVERS
        )
        register_erasure(testround_queries.erase_person, covers=("designs.RoundSignup.user",))
