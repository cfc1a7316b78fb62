"""Forms officials fill in to set up a decision and to enter paper ballots. They parse input; rules are in the
actions (and in ``ballots.clean_ballot``, which these forms call so that a refused reading comes back beside what
was typed)."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from .ballots import clean_ballot
from .errors import InvalidBallot
from .manage_actions import BALLOT_MEANING_FIELDS, BATCH_MAX, SETTINGS_FIELDS
from .models import Budget, Decision, Project


class DecisionSettingsForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = SETTINGS_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = locked
        if locked:  # disabled fields keep their stored value whatever is posted
            for name in BALLOT_MEANING_FIELDS:
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        fewest, most = data.get("min_choices"), data.get("max_choices")
        if fewest is not None and most and most < fewest:
            self.add_error("max_choices", _("The most projects a ballot may choose cannot be fewer than the fewest."))
        share = data.get("min_budget_share")
        if share is not None and share > 100:
            self.add_error("min_budget_share", _("A share of the budget is at most 100 %."))
        if data.get("points_per_voter") == 0:
            self.add_error("points_per_voter", _("Give each voter at least one point."))
        return data

    def setting_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in SETTINGS_FIELDS}


class BudgetForm(forms.ModelForm):
    class Meta:
        model = Budget
        fields = ("name", "amount", "district")
        help_texts = {"district": _("Empty for a budget of the whole area.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].widget.attrs["min"] = 0
        self.fields["amount"].validators.append(MinValueValidator(0))


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ("title", "description", "cost", "budget", "district", "category")
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = decision.budgets.all()
        self.fields["budget"].empty_label = None
        self.fields["cost"].widget.attrs["min"] = 0
        self.fields["cost"].validators.append(MinValueValidator(0))


class FromSourcesForm(forms.Form):
    """Which of the challenge's designs and ideas go on the ballot, and in which budget. Items are named
    "<app_label.model>:<pk>"."""

    items = forms.MultipleChoiceField(label=_("Designs and ideas"), widget=forms.CheckboxSelectMultiple)
    budget = forms.ModelChoiceField(label=_("Into which budget"), queryset=Budget.objects.none(), empty_label=None)

    def __init__(self, *args, decision: Decision, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = decision.budgets.all()
        self.fields["items"].choices = [
            (f"{group.model}:{item.pk}", str(item.title)) for group in groups for item in group.items
        ]
        self.fields["items"].error_messages["required"] = _("Choose at least one design or idea.")

    def chosen(self) -> list[tuple[str, int]]:
        return [(value.split(":")[0], int(value.split(":")[1])) for value in self.cleaned_data["items"]]


class CodeBatchForm(forms.Form):
    size = forms.IntegerField(
        label=_("Number of codes"),
        min_value=1,
        max_value=BATCH_MAX,
        error_messages={
            "min_value": _("Make at least one code."),
            "max_value": _("A batch holds at most 10,000 codes; make several batches for more."),
        },
    )
    label = forms.CharField(
        label=_("Label"), max_length=120, required=False, help_text=_("Printed on each slip, e.g. “Letters, May”.")
    )
    district = forms.CharField(label=_("District"), max_length=120, required=False)


class BallotForm(forms.Form):
    """What a ballot says, as the ballot type asks for it: tick projects (approval, budget), give them a rank
    (ranking) or points (points). ``cleaned_data["choices"]`` and ``["points"]`` are what ``clean_ballot`` returns."""

    def __init__(self, *args, decision: Decision, budget: Budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision, self.budget = decision, budget
        self.projects = list(budget.projects.all())
        kind = decision.ballot_type
        if kind in (Decision.BallotType.APPROVAL, Decision.BallotType.KNAPSACK):
            self.fields["projects"] = forms.MultipleChoiceField(
                label=_("Projects marked on the sheet"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[(str(p.pk), self._label(p)) for p in self.projects],
            )
        else:
            for project in self.projects:
                self.fields[f"project_{project.pk}"] = forms.IntegerField(
                    label=self._label(project),
                    required=False,
                    min_value=0 if kind == Decision.BallotType.CUMULATIVE else 1,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
                )

    def _label(self, project: Project) -> str:
        if self.decision.ballot_type == Decision.BallotType.KNAPSACK:
            return f"{project.title} ({project.cost:,.0f} {self.decision.currency})"
        return project.title

    def project_fields(self):
        return [self[name] for name in self.fields if name == "projects" or name.startswith("project_")]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        kind = self.decision.ballot_type
        points = None
        if kind in (Decision.BallotType.APPROVAL, Decision.BallotType.KNAPSACK):
            choices = [int(pk) for pk in data.get("projects", [])]
        else:
            given = [(data.get(f"project_{p.pk}"), p.pk) for p in self.projects]
            given = [(value, pk) for value, pk in given if value]
            if kind == Decision.BallotType.RANKED:
                ranks = [value for value, _pk in given]
                if len(set(ranks)) != len(ranks):
                    raise forms.ValidationError(_("Two projects have the same rank."))
                choices = [pk for _value, pk in sorted(given)]
            else:
                choices = [pk for _value, pk in given]
                points = [value for value, _pk in given]
        try:
            data["choices"], data["points"] = clean_ballot(
                self.decision, self.budget, choices, points, projects={p.pk: p.cost for p in self.projects}
            )
        except InvalidBallot as refused:
            raise forms.ValidationError(refused.errors) from None
        return data


class PaperSheetForm(BallotForm):
    polling_place = forms.CharField(label=_("Polling place"), max_length=120)
    number = forms.CharField(label=_("Sheet number"), max_length=40)
    district = forms.CharField(label=_("District"), max_length=120, required=False)

    def sheet_fields(self):
        return [self["polling_place"], self["number"], self["district"]]
