from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "cocreate.activity"
    label = "activity"
    verbose_name = _("Activity and lineage")

    def ready(self):
        from cocreate.accounts.registry import register_erasure, register_personal_data

        from . import personal_data

        register_personal_data("activity", personal_data.personal_data, covers=personal_data.EXPORTED)
        register_erasure(personal_data.erase)
