from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import SpamTrapField

from .models import NotificationSettings
from .workflows import Workflow


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    anchor = forms.SlugField(required=False, max_length=40, widget=forms.HiddenInput)
    website = SpamTrapField()


class StatusForm(forms.Form):
    """A new status from the contribution's workflow: those that may follow ``current``, or any of them (the action
    then refuses a transition the workflow does not declare, with its own message)."""

    status = forms.ChoiceField(label=_("New status"))
    answer = forms.CharField(
        label=_("Public answer"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to everyone with the new status. Required when closing or declining."),
    )

    def __init__(self, *args, workflow: Workflow, current: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = workflow.choices if current is None else workflow.next_choices(current)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only officials see internal notes."),
    )


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["email"]
        widgets = {"email": forms.RadioSelect}
