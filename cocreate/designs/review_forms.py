from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FeasibilityReview


class ReviewRequestForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department to ask"),
        queryset=None,
        empty_label=_("Choose a department"),
        help_text=_("Its officials are told, and the review is due within the challenge's response commitment."),
    )
    version = forms.TypedChoiceField(label=_("Version to review"), coerce=int)

    def __init__(self, *args, departments, versions, **kwargs):
        """``versions``: the design's versions, newest first."""
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["version"].choices = [
            (v.number, _("Version %(number)s (newest)") % {"number": v.number})
            if index == 0
            else (v.number, _("Version %(number)s") % {"number": v.number})
            for index, v in enumerate(versions)
        ]
        if versions:
            self.fields["version"].initial = versions[0].number


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=FeasibilityReview.Verdict.choices, widget=forms.RadioSelect)
    reasoning = forms.CharField(
        label=_("Reasoning"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Public: shown on the design's page to everyone, and told to its authors and followers."),
    )
    private_notes = forms.CharField(
        label=_("Notes for officials"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Not public: only officials of the public body read them."),
    )
