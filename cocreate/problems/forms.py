import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cocreate.core.forms import BoundedDateField, BoundedDateTimeField, SpamTrapField
from cocreate.core.inputs import parse_int

from .models import Category, CategoryQuestion, Problem


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > settings.COCREATE_PHOTOS_PER_PROBLEM:
            raise forms.ValidationError(_("Add at most %(n)d photos.") % {"n": settings.COCREATE_PHOTOS_PER_PROBLEM})
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]


class ReportForm(forms.Form):
    """Reporting a problem. The category's extra questions are added as fields named ``q_<code>``."""

    title = forms.CharField(
        label=_("What is the problem, in a few words?"),
        max_length=160,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Describe it"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What happens, since when, and whom it affects. Do not include other people's personal data."),
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    address = forms.CharField(
        label=_("Where? (address or place, if it has one)"),
        max_length=250,
        required=False,
        help_text=_(
            "Leave empty if the problem is not at a place, e.g. a confusing form. Only the public body's officials "
            "see the address and the exact point; everyone else sees the neighbourhood."
        ),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, max_digits=9, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, max_digits=9, decimal_places=6
    )
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("Up to 5 JPEG, PNG or WebP photos. Their location and camera data are removed."),
    )
    website = SpamTrapField()

    def __init__(self, *args, organisation=None, challenge=None, without_account=False, **kwargs):
        super().__init__(*args, **kwargs)
        if without_account:
            self.fields["email"] = forms.EmailField(
                label=_("Your e-mail address"),
                max_length=254,
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                help_text=_(
                    "We e-mail you a link: the report is published when you open it. Nobody else sees your address."
                ),
            )
            self.fields["name"] = forms.CharField(
                label=_("Your name"),
                max_length=80,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "name"}),
                help_text=_("Shown with your report. Without it, you appear as a participant number."),
            )
        if challenge is not None or organisation is None:
            del self.fields["category"]
        else:
            self.fields["category"].queryset = Category.objects.filter(organisation=organisation, is_active=True)
            self.fields["category"].required = True
        self.questions = []
        category = self._chosen_category()
        if category is not None:
            for question in category.questions.all():
                self.fields[f"q_{question.code}"] = question_field(question)
                self.questions.append(question)

    def _chosen_category(self):
        if "category" not in self.fields:
            return None
        raw = self.data.get("category") if self.is_bound else self.initial.get("category")
        pk = parse_int(getattr(raw, "pk", raw))
        return self.fields["category"].queryset.filter(pk=pk).first() if pk is not None else None

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return data

    def field_for_error(self, error) -> str | None:
        """An answer the action refused is shown beside its question."""
        question = getattr(error, "question", None)
        return f"q_{question}" if question else error.field

    def answers(self) -> dict:
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q_{question.code}")
            if isinstance(value, dt.datetime):
                value = value.isoformat()
            elif value is not None and not isinstance(value, list):
                value = str(value)
            result[question.code] = value
        return result


def question_field(question: CategoryQuestion) -> forms.Field:
    kinds = CategoryQuestion.Datatype
    common = {"label": question.label, "required": question.required, "help_text": question.help_text}
    choices = [(str(c.get("key")), c.get("name", c.get("key"))) for c in question.choices]
    if question.datatype == kinds.NUMBER:
        return forms.DecimalField(**common)
    if question.datatype == kinds.DATETIME:
        return BoundedDateTimeField(**common, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    if question.datatype == kinds.TEXT:
        return forms.CharField(**common, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    if question.datatype == kinds.SINGLEVALUELIST:
        return forms.ChoiceField(**common, choices=choices, widget=forms.RadioSelect)
    if question.datatype == kinds.MULTIVALUELIST:
        return forms.MultipleChoiceField(**common, choices=choices, widget=forms.CheckboxSelectMultiple)
    return forms.CharField(**common, max_length=200)


class ProblemFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    since = BoundedDateField(label=_("Reported since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[("newest", _("Newest")), ("supported", _("Most confirmed"))]
    )
    bbox = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All")), *[(c.code, c.name) for c in categories]]
        self.fields["status"].choices = [("", _("All")), ("open", _("Open")), *Problem.workflow.choices]

    def clean_bbox(self):
        raw = self.cleaned_data.get("bbox", "")
        if not raw:
            return None
        try:
            west, south, east, north = (float(v) for v in raw.split(","))
        except ValueError:
            raise forms.ValidationError(_("The map area is not valid.")) from None
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise forms.ValidationError(_("The map area is not valid."))
        return west, south, east, north


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody"))

    def __init__(self, *args, officials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = officials


class DuplicateForm(forms.Form):
    original = forms.IntegerField(label=_("Number of the original problem"), min_value=1)
    answer = forms.CharField(
        label=_("Public answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=_("This was already reported; we handle it there."),
    )


class BulkStatusForm(forms.Form):
    problems = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple, label=_("Problems"))
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (value, label)
            for value, label in Problem.workflow.choices
            if value not in {Problem.Status.SUBMITTED, Problem.Status.DUPLICATE}
        ],
    )
    answer = forms.CharField(
        label=_("Public answer"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, problems, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"].queryset = problems


class FixedForm(forms.Form):
    fixed = forms.TypedChoiceField(
        label=_("Was it fixed?"),
        choices=[("yes", _("Yes, it is fixed")), ("no", _("No, it is not fixed"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add?"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
