"""Forms officials fill in to run a delivery stage. They parse input; the rules are in the actions."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import BoundedDateField
from cocreate.organisations.models import Department, Organisation

from .budget_csv import MAX_AMOUNT
from .models import BudgetItem, ImplementationProject

MAX_FILE_BYTES = 2 * 1024 * 1024


def _money(label, *, required=False, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=16,
        decimal_places=2,
        min_value=0,
        max_value=MAX_AMOUNT,
        help_text=help_text,
    )


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Public description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    district = forms.CharField(label=_("District"), max_length=120, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=9, decimal_places=6, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=9, decimal_places=6, min_value=-180, max_value=180
    )
    budget_planned = _money(_("Budget planned"))
    departments = forms.ModelMultipleChoiceField(
        label=_("Responsible departments"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    parent = forms.ModelChoiceField(
        label=_("Part of the project"),
        queryset=ImplementationProject.objects.none(),
        required=False,
        empty_label=_("None: a project of its own"),
        help_text=_("A sub-project's progress counts towards its parent's, weighted by its planned budget."),
    )

    def __init__(self, *args, challenge, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.filter(organisation=challenge.organisation_id)
        self.fields["partners"].queryset = Organisation.objects.filter(kind=Organisation.Kind.PARTNER).order_by("name")
        parents = ImplementationProject.objects.filter(challenge=challenge, parent__isnull=True)
        if project is not None:
            parents = parents.exclude(pk=project.pk)
        self.fields["parent"].queryset = parents.order_by("pk")

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not self.errors:
            self.add_error("longitude", _("Give both the latitude and the longitude, or neither."))
        return data


class ProgressForm(forms.Form):
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        required=False,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Empty: derived from the share of milestones reached."),
    )
    note = forms.CharField(
        label=_("Public note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Posted as an update in the project's timeline."),
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    planned_on = BoundedDateField(label=_("Planned date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Public note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReachForm(forms.Form):
    reached_on = BoundedDateField(
        label=_("Reached on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: today."),
    )
    note = forms.CharField(label=_("Public note"), required=False, max_length=2000)


class BudgetItemForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300)
    amount = _money(_("Amount"), required=True)
    kind = forms.ChoiceField(label=_("Kind"), choices=BudgetItem.Kind.choices)
    date = BoundedDateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))


class BudgetImportForm(forms.Form):
    file = forms.FileField(
        label=_("Budget file (CSV)"),
        help_text=_("Columns: date (YYYY-MM-DD), description, kind (committed or spent), amount (such as 1250.50)."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB; split it."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8 text; save it as CSV (UTF-8).")) from None


class UpdateForm(forms.Form):
    body = forms.CharField(label=_("Update"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A JPEG, PNG or WebP photo. Its location and camera data are removed."),
    )
    photo_alt = forms.CharField(label=_("What the photo shows"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("photo") and not (data.get("photo_alt") or "").strip():
            self.add_error("photo_alt", _("Say what the photo shows, for people who cannot see it."))
        return data

    def field_for_error(self, error) -> str | None:
        """The photo helper's refusals name the problems' field (``photos``); here it is ``photo``."""
        return "photo" if error.field == "photos" else error.field
