from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "cocreate.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from cocreate.activity.verbs import register_verbs
        from cocreate.core.registry import register_demo, register_home_block

        from . import demo, queries
        from .models import Organisation
        from .queries import forget_host_organisation

        register_demo(order=10, seed=demo.seed_demo_city)
        register_demo(order=1000, seed=demo.list_demo_accounts)  # last: the passwords close the output
        register_home_block(
            order=30,
            template_name="organisations/includes/home_taking_part.html",
            context=lambda request: queries.organisation_list(),
        )

        register_verbs(
            {
                "department.added": _("added a department"),
                "department.changed": _("changed a department"),
                "department.removed": _("removed a department"),
                "partner.added": _("added a partner organisation"),
                "partner.removed": _("removed a partner organisation"),
                "membership.granted": _("gave someone a role"),
                "membership.revoked": _("took a role from someone"),
            }
        )

        post_save.connect(forget_host_organisation, sender=Organisation, dispatch_uid="forget_host_organisation_save")
        post_delete.connect(forget_host_organisation, sender=Organisation, dispatch_uid="forget_host_organisation_del")
