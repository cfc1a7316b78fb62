from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ActivityConfig(AppConfig):
    name = "cocreate.activity"
    label = "activity"
    verbose_name = _("Activity and lineage")

    def ready(self):
        from cocreate.accounts.registry import register_erasure, register_personal_data
        from cocreate.core.staff import register_staff_tool

        from . import personal_data, queries

        register_personal_data("activity", personal_data.personal_data, covers=personal_data.EXPORTED)
        register_erasure(personal_data.erase)
        register_staff_tool(
            key="activity_log",
            order=40,
            label=_("Activity log"),
            url_name="activity:log",
            may_use=lambda user: _log_organisation_ids(user) != [],
            count=lambda user: queries.recent_entry_count(organisation_ids=_log_organisation_ids(user)),
            describe=lambda count: (
                ngettext("%(count)d entry in the last 24 hours", "%(count)d entries in the last 24 hours", count)
                % {"count": count}
            ),
        )


def _log_organisation_ids(user) -> list[int] | None:
    """The organisations whose log the person reads: those they administer (superusers: all, None)."""
    from cocreate.organisations.queries import organisation_ids_where

    if user.is_superuser:
        return None
    return organisation_ids_where(user, {"admin"})
