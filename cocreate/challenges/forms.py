import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import BoundedDateField
from cocreate.core.inputs import MAX_INTEGER
from cocreate.organisations.models import Department, Organisation
from cocreate.organisations.queries import organisation_ids_where

from . import processes, stages
from .actions import IndicatorSpec, StageSpec
from .errors import StageOpenEndedNotLast
from .models import Challenge

MAX_STAGES = 12
MAX_INDICATORS = 10


class ChallengeFilterForm(forms.Form):
    """The public list's filters (query string). Unknown values are errors, shown next to the filter."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    organisation = forms.ChoiceField(label=_("Public body"), required=False)
    stage = forms.ChoiceField(label=_("Current stage"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            ("", _("All")),
            *list(Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_BODY).values_list("slug", "name")),
        ]
        self.fields["stage"].choices = [("", _("All")), *stages.choices()]
        self.fields["status"].choices = [("", _("All"))] + [
            (c, label) for c, label in Challenge.Status.choices if c != Challenge.Status.DRAFT
        ]


class ChallengeDetailsForm(forms.ModelForm):
    class Meta:
        model = Challenge
        fields = [
            "title",
            "summary",
            "problem_statement",
            "affected",
            "evidence",
            "constraints",
            "department",
            "partners",
            "budget",
            "response_days",
            "visibility",
        ]
        widgets = {
            "problem_statement": forms.Textarea(attrs={"rows": 6}),
            "affected": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 4}),
            "constraints": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organisation=organisation)
        self.fields["partners"].queryset = Organisation.objects.filter(kind=Organisation.Kind.PARTNER)
        self.fields["budget"].widget.attrs["min"] = 0


class ChallengeCreateForm(ChallengeDetailsForm):
    organisation = forms.ModelChoiceField(label=_("Public body"), queryset=Organisation.objects.none())
    template = forms.ChoiceField(label=_("Process"), widget=forms.RadioSelect)
    starts_on = BoundedDateField(
        label=_("First stage starts on"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )

    class Meta(ChallengeDetailsForm.Meta):
        fields = ["organisation", "template", "starts_on", *ChallengeDetailsForm.Meta.fields]

    def __init__(self, *args, user, **kwargs):
        organisations = self.organisations_for(user)
        super().__init__(*args, organisation=organisations.first(), **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["department"].queryset = Department.objects.filter(organisation__in=organisations)
        self.fields["template"].choices = [(t.key, f"{t.label} — {t.context}") for t in processes.TEMPLATES]
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()

    @staticmethod
    def organisations_for(user):
        if user.is_superuser:
            return Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_BODY)
        ids = organisation_ids_where(user, {"official", "admin"})
        return Organisation.objects.filter(pk__in=ids, kind=Organisation.Kind.PUBLIC_BODY)

    def clean(self):
        data = super().clean()
        organisation, department = data.get("organisation"), data.get("department")
        if organisation and department and department.organisation_id != organisation.pk:
            self.add_error("department", _("Choose a department of the chosen public body."))
        return data

    def starts_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("starts_on")
        if day is None:
            return None
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class StageForm(forms.Form):
    type = forms.ChoiceField(label=_("Stage type"))
    title = forms.CharField(label=_("Title"), required=False, max_length=120)
    description = forms.CharField(
        label=_("What happens in this stage"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    first_day = BoundedDateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = BoundedDateField(
        label=_("Last day"),
        required=False,
        help_text=_("Leave the end empty for a stage that stays open (only the last stage may)."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The empty choice lets the blank row at the end stay blank (and be skipped) when it is not filled in.
        self.fields["type"].choices = [("", _("Choose a stage type")), *stages.choices()]

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("The last day cannot be before the first day."))
        return data

    def spec(self) -> StageSpec:
        data = self.cleaned_data
        last_day = data["last_day"]
        return StageSpec(
            type=data["type"],
            title=data["title"],
            description=data["description"],
            starts_at=timezone.make_aware(dt.datetime.combine(data["first_day"], dt.time.min)),
            ends_at=(
                None
                if last_day is None
                else timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min))
            ),
        )


class BaseStageFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        previous_last = None
        for number, form in enumerate(kept, start=1):
            first_day, last_day = form.cleaned_data["first_day"], form.cleaned_data["last_day"]
            if previous_last is not None and first_day <= previous_last:
                form.add_error("first_day", _("A stage must start after the previous stage's last day."))
            if last_day is None and number < len(kept):
                form.add_error("last_day", StageOpenEndedNotLast.default_message)
            previous_last = last_day

    def specs(self) -> list[StageSpec]:
        return [f.spec() for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


StageFormSet = forms.formset_factory(
    StageForm, formset=BaseStageFormSet, extra=1, can_delete=True, max_num=MAX_STAGES, validate_max=True
)


class IndicatorForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=MAX_INTEGER)
    name = forms.CharField(label=_("Indicator"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    baseline = forms.DecimalField(label=_("Baseline"), required=False, max_digits=14, decimal_places=2)
    target = forms.DecimalField(label=_("Target"), required=False, max_digits=14, decimal_places=2)

    def spec(self) -> IndicatorSpec:
        data = self.cleaned_data
        return IndicatorSpec(
            name=data["name"], unit=data["unit"], baseline=data["baseline"], target=data["target"], id=data["id"]
        )


class BaseIndicatorFormSet(forms.BaseFormSet):
    def specs(self) -> list[IndicatorSpec]:
        return [
            f.spec()
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("name")
        ]


IndicatorFormSet = forms.formset_factory(
    IndicatorForm, formset=BaseIndicatorFormSet, extra=2, can_delete=True, max_num=MAX_INDICATORS, validate_max=True
)


class MeasurementForm(forms.Form):
    """One measurement of an outcome indicator, typed by an official."""

    measured_on = BoundedDateField(label=_("Day of the measurement"), widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_(
            "Where the value comes from: a survey, a register, a count. A value for the same day and source "
            "replaces the earlier one."
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, unit: str = "", **kwargs):
        super().__init__(*args, prefix="measurement", **kwargs)
        if unit:
            self.fields["value"].label = _("Value (%(unit)s)") % {"unit": unit}


class MeasurementImportForm(forms.Form):
    """A CSV file of measurements; ``outcomes.read_measurements_csv`` reads it (and names every wrong row)."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, with the header date,value,source,note (source and note may be left out). Dates as "
            "YYYY-MM-DD, values with a point for decimals."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="import", **kwargs)
