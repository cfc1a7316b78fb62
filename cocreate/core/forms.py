"""Form pieces every app's forms share."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
