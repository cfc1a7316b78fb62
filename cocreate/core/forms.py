"""Form pieces every app's forms share."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .inputs import validate_date_in_range


class SpamTrapInput(forms.TextInput):
    """Drawn inside a container hidden from sight and from assistive technology, out of the tab order; it counts as a
    hidden field, so forms rendered field by field (``core/includes/fields.html``) never show it to people."""

    template_name = "core/widgets/spam_trap.html"

    def __init__(self):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_hidden(self) -> bool:
        return True


class SpamTrapField(forms.CharField):
    """A field that people never see and simple bots fill in: a form whose ``website`` is not empty came from a bot."""

    widget = SpamTrapInput

    def __init__(self, **kwargs):
        super().__init__(required=False, label=_("Leave this empty"), **kwargs)


class BoundedDateField(forms.DateField):
    """A date from ``inputs.EARLIEST_DATE`` to ``inputs.LATEST_DATE``: year 1 or 9999 is a typing slip, and beyond
    them dates cannot be stored or shown in every time zone."""

    default_validators = [validate_date_in_range]


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time within the same bounds as :class:`BoundedDateField`."""

    default_validators = [validate_date_in_range]
