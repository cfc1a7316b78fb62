from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import SpamTrapField

from .actions import MAX_SUSPENSION_DAYS
from .models import ModerationDecision, Reason


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why should the moderators look at this?"), choices=Reason.choices)
    text = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the moderators read this."),
    )
    website = SpamTrapField()


class DecisionForm(forms.Form):
    action = forms.ChoiceField(label=_("Decision"), choices=ModerationDecision.Action.choices, widget=forms.RadioSelect)
    public_reason = forms.CharField(
        label=_("Public reason"),
        required=False,
        max_length=500,
        help_text=_("Shown in place of the hidden text, and to the author. Required for hiding."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only moderators and administrators read this."),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == ModerationDecision.Action.HIDE and not data.get("public_reason", "").strip():
            self.add_error("public_reason", _("Give the public reason for hiding this."))
        return data


class SuspensionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person reads this on their account."),
    )
    days = forms.IntegerField(label=_("For how many days"), min_value=1, max_value=MAX_SUSPENSION_DAYS, initial=7)
