from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class AlreadyErased(CocreateError):
    code = "already_erased"
    status = 409
    default_message = _("This account has already been erased.")


class UnknownLanguage(CocreateError):
    code = "unknown_language"
    default_message = _("This language is not offered.")
