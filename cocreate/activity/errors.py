from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class ActivityIsAppendOnly(CocreateError):
    code = "activity_append_only"
    status = 409
    default_message = _("The activity log cannot be changed or deleted.")


class LinkToItself(CocreateError):
    code = "link_to_itself"
    default_message = _("An item cannot be linked to itself.")


class LinkKindNotRegistered(CocreateError):
    code = "link_kind_not_registered"
    default_message = _("This kind of link is not known.")
