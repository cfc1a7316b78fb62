"""Form pieces every app's forms share, and the one way a refused form keeps what was typed.

A view that runs an action for a valid form wraps it in :func:`refusals_shown_on`: a domain error (a rate limit, a
rule of the action, a permission lost while typing) then becomes a message on the form, beside the field it
concerns, and the view falls through to render the form again with ``core.http.render_form``, which answers with the
refusal's status. Nothing typed is lost, whatever refused it.
"""

from contextlib import contextmanager

from django import forms
from django.utils.translation import gettext_lazy as _

from .errors import CocreateError
from .inputs import validate_date_in_range


def refuse(form: forms.Form, error: CocreateError) -> None:
    """Show ``error`` on ``form``: beside its field (``error.field``, or the one the form's ``field_for_error`` names)
    when the form has it, else above the form; the response takes the error's status."""
    field = form.field_for_error(error) if hasattr(form, "field_for_error") else error.field
    form.add_error(field if field in form.fields else None, str(error.message))
    form.refusal_status = error.status


@contextmanager
def refusals_shown_on(form: forms.Form):
    """Run an action for ``form``; a domain error it raises is shown on the form (:func:`refuse`) instead."""
    try:
        yield
    except CocreateError as error:
        refuse(form, error)


class SpamTrapInput(forms.TextInput):
    """Drawn inside a container hidden from sight and from assistive technology, out of the tab order; it counts as a
    hidden field, so forms rendered field by field (``core/includes/fields.html``) never show it to people."""

    template_name = "core/widgets/spam_trap.html"

    def __init__(self):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})

    def format_value(self, value):
        return None  # drawn empty again, so that a form refused for it can be sent as it is

    @property
    def is_hidden(self) -> bool:
        return True


class SpamTrapField(forms.CharField):
    """A field that people never see and simple bots fill in. A form in which it is filled is refused like any invalid
    form: it comes back with what was typed (a person whose browser filled it by mistake just sends it again), and
    nothing is stored."""

    widget = SpamTrapInput
    default_error_messages = {
        "filled": _(
            "A field meant to stay empty was filled in, as automatic form fillers do. Check the form and send it again."
        )
    }

    def __init__(self, **kwargs):
        super().__init__(required=False, label=_("Leave this empty"), **kwargs)

    def validate(self, value):
        super().validate(value)
        if value:
            raise forms.ValidationError(self.error_messages["filled"], code="filled")


class BoundedDateField(forms.DateField):
    """A date from ``inputs.EARLIEST_DATE`` to ``inputs.LATEST_DATE``: year 1 or 9999 is a typing slip, and beyond
    them dates cannot be stored or shown in every time zone."""

    default_validators = [validate_date_in_range]


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time within the same bounds as :class:`BoundedDateField`."""

    default_validators = [validate_date_in_range]
