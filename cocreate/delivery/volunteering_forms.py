"""Forms of co-delivery tasks: an official offers a task; the organiser checks people in. They parse input; the rules
are in ``volunteering.py``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import BoundedDateTimeField

MAX_SKILLS = 12


def _when(label):
    return BoundedDateTimeField(
        label=label, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What volunteers will do"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    starts_at = _when(_("Starts at"))
    ends_at = _when(_("Ends at"))
    place = forms.CharField(label=_("Place"), max_length=300, help_text=_("Where to meet, as people will find it."))
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=9, decimal_places=6, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=9, decimal_places=6, min_value=-180, max_value=180
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10_000)
    skills = forms.CharField(
        label=_("Skills that help"),
        max_length=600,
        required=False,
        help_text=_("Separated by commas, for example: digging, first aid. At most 12."),
    )

    def clean_skills(self):
        skills = [s.strip() for s in self.cleaned_data["skills"].split(",") if s.strip()]
        if len(skills) > MAX_SKILLS:
            raise forms.ValidationError(_("At most 12 skills."), code="too_many")
        if any(len(s) > 60 for s in skills):
            raise forms.ValidationError(_("Each skill is at most 60 characters long."), code="too_long")
        return skills


class CheckInForm(forms.Form):
    """One person's line of the check-in list: came or not, and the hours they gave."""

    attended = forms.TypedChoiceField(
        label=_("Attendance"),
        choices=[("yes", _("Attended")), ("no", _("Did not come"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    hours = forms.DecimalField(
        label=_("Hours given"),
        required=False,
        min_value=0,
        max_value=24,
        max_digits=4,
        decimal_places=2,
        help_text=_("Leave empty to count the task's length."),
    )


class CancelTaskForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is cancelled"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Told to everyone signed up or waiting, and shown on the task's page."),
    )
