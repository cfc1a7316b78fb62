from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ChallengesConfig(AppConfig):
    name = "cocreate.challenges"
    label = "challenges"
    verbose_name = _("Challenges")

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from cocreate.activity.journeys import register_journey
        from cocreate.activity.verbs import register_verbs
        from cocreate.core.registry import register_daily_task, register_demo, register_home_block, register_sitemap
        from cocreate.core.staff import register_staff_tool

        from . import demo, queries, stages, tasks
        from .sitemaps import ChallengeSitemap

        stages.register(stages.INFORMATION)
        register_journey("challenges.Challenge")
        register_demo(order=20, seed=demo.seed_demo)
        register_daily_task(tasks.announce_opened_stages)
        register_sitemap("challenges", ChallengeSitemap)
        register_home_block(
            order=10,
            template_name="challenges/includes/home_open_now.html",
            context=lambda request: {"open_now": queries.open_now_by_stage(request.user)},
        )
        register_staff_tool(
            key="back_office",
            order=30,
            label=_("Back office"),
            url_name="challenges_manage:list",
            may_use=_may_use_back_office,
            count=queries.draft_count,
            describe=lambda count: (
                ngettext(
                    "%(count)d challenge waits to be published", "%(count)d challenges wait to be published", count
                )
                % {"count": count}
            ),
        )
        from cocreate.core.search import register_search

        register_search(
            kind="challenge",
            label=_("Challenge"),
            plural_label=_("Challenges"),
            order=10,
            fields=queries.SEARCH_FIELDS,
            visible=queries.searchable_challenges,
            describe=queries.search_result,
        )
        register_verbs(
            {
                "challenge.created": _("created the challenge"),
                "challenge.updated": _("updated the challenge"),
                "challenge.published": _("published the challenge"),
                "challenge.stages_changed": _("changed the stages"),
                "challenge.next_stage_opened": _("opened the next stage"),
                "challenge.indicators_changed": _("changed the outcome indicators"),
                "challenge.stage_settings_changed": _("changed a stage's settings"),
                "indicator.measured": _("recorded a measurement of an outcome indicator"),
                "indicator.measurements_imported": _("imported measurements of an outcome indicator"),
                "stage.opened": _("a new stage opened"),
                "lineage.challenge_published": _("published a challenge framed from something you took part in"),
            }
        )


def _may_use_back_office(user) -> bool:
    import rules

    return rules.has_perm("challenges.add_challenge", user)
