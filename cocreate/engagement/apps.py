from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "cocreate.engagement"
    label = "engagement"
    verbose_name = _("Engagement")

    def ready(self):
        from cocreate.accounts.registry import register_erasure, register_personal_data
        from cocreate.activity.verbs import register_verbs
        from cocreate.core.registry import register_daily_task

        from . import personal_data
        from .tasks import send_daily_digests

        register_personal_data("engagement", personal_data.personal_data, covers=personal_data.EXPORTED)
        register_erasure(personal_data.erase, covers=personal_data.ERASED)
        register_daily_task(send_daily_digests)

        register_verbs(
            {
                "support.added": _("supported"),
                "support.removed": _("withdrew their support"),
                "comment.added": _("commented"),
                "status.changed": _("changed the status"),
                "lineage.status_changed": _("changed the status (this came of something you took part in)"),
            }
        )
