from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "cocreate.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Organisation
        from .queries import forget_host_organisation

        post_save.connect(forget_host_organisation, sender=Organisation, dispatch_uid="forget_host_organisation_save")
        post_delete.connect(forget_host_organisation, sender=Organisation, dispatch_uid="forget_host_organisation_del")
