"""The form officials announce and change an information event with. It parses input; the rules are in
``events.py``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import BoundedDateTimeField

from .event_models import MAX_EVENT_CAPACITY


def _when(label):
    return BoundedDateTimeField(
        label=label, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What happens there"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who it is for, what people learn, what to bring."),
    )
    starts_at = _when(_("Starts at"))
    ends_at = _when(_("Ends at"))
    place = forms.CharField(
        label=_("Place"), max_length=300, help_text=_("An address, a room, or “online” with a link.")
    )
    language = forms.CharField(
        label=_("Language of the event"), max_length=100, help_text=_("The language it is held in.")
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=MAX_EVENT_CAPACITY,
        required=False,
        help_text=_("Leave empty when there is room for everyone."),
    )
