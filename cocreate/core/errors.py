"""Named domain errors, and the one place where they become HTTP responses.

Each app's ``errors.py`` subclasses :class:`CocreateError` with a stable ``code``. Views let them propagate;
:class:`DomainErrorMiddleware` turns them into a 4xx page, and the API turns them into a JSON problem body.
"""

from django.utils.translation import gettext_lazy as _


class CocreateError(Exception):
    """A domain rule was broken by the request; the message is shown to the person who made it."""

    code = "invalid"
    status = 400
    default_message = _("This request could not be carried out.")
    # The input the refusal is about, when it is one: a form shows the message beside this field.
    field: str | None = None

    def __init__(self, message=None, **params):
        self.message = message or self.default_message
        self.params = params
        super().__init__(str(self.message))


class NotPermitted(CocreateError):
    code = "not_permitted"
    status = 403
    default_message = _("You do not have permission to do this.")


class NotFound(CocreateError):
    code = "not_found"
    status = 404
    default_message = _("This page does not exist or is not public.")


class Conflict(CocreateError):
    code = "conflict"
    status = 409
    default_message = _("This conflicts with the current state; reload the page and try again.")


class UnreadableInput(CocreateError):
    code = "unreadable_input"
    status = 400
    default_message = _(
        "The address or the form contains characters that cannot be read (such as a null character or text that is "
        "not UTF-8). Check what was sent and try again."
    )
