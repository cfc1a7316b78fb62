from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cocreate.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from cocreate.core.registry import register_daily_task

        from .tasks import retry_erasure_notices

        register_daily_task(retry_erasure_notices)
