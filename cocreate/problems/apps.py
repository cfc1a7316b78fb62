from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ProblemsConfig(AppConfig):
    name = "cocreate.problems"
    label = "problems"
    verbose_name = _("Problems")

    def ready(self):
        from cocreate.accounts.registry import register_contributions, register_erasure, register_personal_data
        from cocreate.activity.journeys import register_journey
        from cocreate.activity.link_kinds import LinkKind, register_link_kinds
        from cocreate.activity.verbs import register_verbs
        from cocreate.challenges import stages
        from cocreate.core.registry import (
            register_daily_task,
            register_demo,
            register_error_format,
            register_sitemap,
        )
        from cocreate.core.staff import register_staff_tool
        from cocreate.engagement.registry import register_overdue

        from . import actions, demo, open311, queries, tasks, without_account
        from .models import Problem
        from .sitemaps import ProblemSitemap

        stages.register(_exploration())
        register_demo(order=30, seed=demo.seed_demo)
        register_sitemap("problems", ProblemSitemap)
        register_error_format("/open311/", open311.refusal)
        register_daily_task(tasks.ask_whether_fixed)
        register_daily_task(tasks.refresh_title_word_counts)
        register_daily_task(tasks.expire_unconfirmed_reports)
        register_journey(Problem)
        register_link_kinds(
            {
                "duplicate_of": LinkKind(_("is a duplicate of"), _("absorbed the duplicate")),
                "framed_as": LinkKind(_("was framed as"), _("was framed from")),
                "raised_in": LinkKind(_("was raised in"), _("collected the report")),
            }
        )
        register_verbs(
            {
                "problem.reported": _("reported a problem"),
                "problem.assigned": _("assigned the problem"),
                "problem.merged": _("merged a duplicate into this problem"),
                "problem.fixed_confirmed": _("confirmed it is fixed"),
                "problem.not_fixed": _("said it is not fixed"),
                "problem.fixed_check": _("asks: was it fixed? Tell us on the problem's page"),
                "api_key.issued": _("issued an API key"),
                "api_key.revoked": _("revoked an API key"),
                "problem.reporter_contact_erased": _("erased the contact of a reporter without an account"),
            }
        )
        from cocreate.core.search import register_search

        register_search(
            kind="problem",
            label=_("Problem"),
            plural_label=_("Problems"),
            order=20,
            fields=queries.SEARCH_FIELDS,
            visible=queries.searchable_problems,
            describe=queries.search_result,
        )
        from cocreate.core.registry import register_home_block

        register_home_block(order=5, template_name="problems/includes/home_report.html")
        register_home_block(
            order=15,
            template_name="problems/includes/home_recent.html",
            context=lambda request: {"recent_problems": queries.recent_problems(request.user)},
        )
        register_contributions(role="explorer", label=_("Problems reported"), items=queries.reported_by)
        register_contributions(role="explorer", label=_("Problems confirmed"), items=queries.supported_by)
        register_contributions(role="explorer", label=_("Problems commented on"), items=queries.commented_on_by)
        register_personal_data("problems", queries.personal_data, covers=queries.PERSONAL_DATA_COVERS)
        register_erasure(actions.problems_forget_person, covers=actions.ERASURE_COVERS)
        register_personal_data(
            "problems_unconfirmed", without_account.personal_data, covers=without_account.PERSONAL_DATA_COVERS
        )
        register_erasure(without_account.unconfirmed_reports_forget, covers=without_account.PERSONAL_DATA_COVERS)
        register_overdue(Problem, queries.overdue_in_department)
        register_staff_tool(
            key="triage",
            order=10,
            label=_("Triage"),
            url_name="problems_manage:boards",
            may_use=_may_triage,
            count=queries.waiting_for_triage_count,
            describe=lambda count: (
                ngettext(
                    "%(count)d problem waits for a first answer", "%(count)d problems wait for a first answer", count
                )
                % {"count": count}
            ),
        )


def _may_triage(user) -> bool:
    from cocreate.organisations.queries import staff_organisation_ids

    return staff_organisation_ids(user) != []


def _exploration():
    from django.urls import reverse

    from cocreate.challenges.stages import Feature, StageType

    from .models import Problem

    return StageType(
        key="exploration",
        label=_("Exploration"),
        description=_(
            "Tell the public body what does not work for you, confirm what others report (“affects me too”) and "
            "add evidence."
        ),
        features={
            Feature.CREATE: [Problem],
            Feature.SUPPORT: [Problem],
            Feature.COMMENT: [Problem],
            Feature.FOLLOW: ["challenges.challenge", Problem],
        },
        role="explorer",
        entry=lambda challenge: (
            _("Report a problem or confirm one"),
            f"{reverse('problems:report')}?challenge={challenge.slug}",
        ),
    )
