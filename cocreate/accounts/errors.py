from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class AlreadyErased(CocreateError):
    code = "already_erased"
    status = 409
    default_message = _("This account has already been erased.")


class UnknownLanguage(CocreateError):
    code = "unknown_language"
    default_message = _("This language is not offered.")


class SignInDelayed(CocreateError):
    """The account had several failed sign-ins in a row and must wait before the next attempt."""

    code = "sign_in_delayed"
    status = 429
    default_message = _("Too many failed sign-ins to this account. Please wait a moment and try again.")


class TooManyFailedSignIns(CocreateError):
    code = "too_many_failed_sign_ins"
    status = 429
    default_message = _("Too many failed sign-ins from your network. Please wait a minute and try again.")
