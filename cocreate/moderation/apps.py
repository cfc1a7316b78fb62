from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ModerationConfig(AppConfig):
    name = "cocreate.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from cocreate.accounts.registry import register_personal_data
        from cocreate.activity.verbs import register_verbs
        from cocreate.core.staff import register_staff_tool

        from . import personal_data, queries

        register_personal_data("moderation", personal_data.personal_data, covers=personal_data.EXPORTED)
        register_staff_tool(
            key="moderation",
            order=20,
            label=_("Moderation"),
            url_name="moderation:overview",
            may_use=lambda user: queries.moderated_organisation_ids(user) != [],
            count=queries.open_case_count,
            describe=lambda count: (
                ngettext("%(count)d report waits for a decision", "%(count)d reports wait for a decision", count)
                % {"count": count}
            ),
        )

        register_verbs(
            {
                # The activity log (the target is the flagged item) and notifications to the author (the target is
                # the contribution, also for a comment on it).
                "moderation.flagged": _("reported this to the moderators"),
                # To the moderators, once per flag (the target is the contribution; the link opens the case).
                "moderation.flag_received": _("reported something for moderation"),
                "moderation.auto_hidden": _("hidden pending review, after reports from several people"),
                "moderation.hidden": _("hid this after moderation"),
                "moderation.restored": _("restored this after moderation"),
                "moderation.dismissed": _("dismissed the reports about this"),
                "moderation.comment_auto_hidden": _("your comment on this is hidden pending review"),
                "moderation.comment_hidden": _("hid your comment on this after moderation"),
                "moderation.comment_restored": _("restored your comment on this"),
                "moderation.comment_dismissed": _("dismissed the reports about your comment on this"),
                "moderation.suspended": _("suspended the account"),
                "moderation.suspension_lifted": _("lifted the suspension"),
            }
        )
