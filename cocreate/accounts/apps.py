from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cocreate.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.account.signals import password_reset

        from cocreate.core.registry import register_daily_task

        from . import signals, tasks

        register_daily_task(tasks.forget_old_sign_in_failures)
        register_daily_task(tasks.retry_erasure_notices)
        password_reset.connect(signals.forget_failed_sign_ins, dispatch_uid="accounts.forget_failed_sign_ins")
