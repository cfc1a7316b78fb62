"""The voting pages' forms: confirming eligibility, entering a printed code, and the ballot itself.

The ballot form draws one group of fields per budget the voter votes in: checkboxes for approval and budget
ballots, a number of points per project for points ballots, a rank per project for rankings. It turns what was
posted into ``ballots`` for :func:`voting.ballot_cast` and works out, for each budget, what is left (money, points,
projects to choose), so that a page re-rendered without JavaScript says as much as the script does.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Budget, Decision

BallotType = Decision.BallotType
NO_DISTRICT = "-"  # the choice of a voter who lives in none of the districts (city-wide budgets only)


class EligibilityForm(forms.Form):
    """What a signed-in resident confirms before voting, as the decision asks: their district, their age, and the
    decision's own condition."""

    def __init__(self, *args, decision: Decision, districts: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        if districts:
            self.fields["district"] = district_field(districts)
        if decision.min_age:
            self.fields["age"] = forms.BooleanField(
                label=_("I am at least %(age)d years old.") % {"age": decision.min_age},
                error_messages={"required": _("Only people of this age may vote: confirm it to go on.")},
            )
        if decision.eligibility:
            self.fields["eligible"] = forms.BooleanField(
                label=_("I confirm: %(condition)s") % {"condition": decision.eligibility},
                error_messages={"required": _("Confirm that you may vote in this decision to go on.")},
            )

    def cleaned_district(self) -> str:
        value = self.cleaned_data.get("district", "")
        return "" if value == NO_DISTRICT else value


def district_field(districts: list[str]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Where do you live?"),
        help_text=_("You vote in your district's budget and in the budgets for the whole city."),
        choices=[(d, d) for d in districts] + [(NO_DISTRICT, _("In none of these districts"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where you live.")},
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your voting code"),
        max_length=40,
        help_text=_("The 12 letters and digits printed on your voting card. Spaces and dashes do not matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        error_messages={"required": _("Type the code printed on your voting card.")},
    )

    def __init__(self, *args, districts: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        if districts:  # needed only when the voter's card names no district: checked with the code
            self.fields["district"] = district_field(list(districts))
            self.fields["district"].required = False

    def cleaned_district(self) -> str:
        value = self.cleaned_data.get("district", "")
        return "" if value == NO_DISTRICT else value


@dataclass
class BudgetSection:
    """One budget on the ballot page: its fields, the voter's choices so far and what is left."""

    budget: Budget
    projects: list
    rows: list = field(default_factory=list)  # (project, bound field or checkbox, chosen)
    errors: list = field(default_factory=list)
    chosen: int = 0
    spent: Decimal = Decimal(0)
    points_used: int = 0
    points_total: int = 0

    @property
    def points_left(self) -> int:
        return self.points_total - self.points_used

    @property
    def left(self) -> Decimal:
        return self.budget.amount - self.spent

    @property
    def over_budget(self) -> bool:
        return self.spent > self.budget.amount

    @property
    def field_prefix(self) -> str:
        return f"b{self.budget.pk}"


class BallotForm(forms.Form):
    def __init__(self, *args, decision: Decision, budgets: list[Budget], current=None, **kwargs):
        """``budgets`` have their ``ballot_projects``; ``current`` is the voter's ballot by budget pk, shown when
        nothing was posted."""
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.budgets = budgets
        self.budget_errors: dict[int, list[str]] = {}
        kind = decision.ballot_type
        initial = {}
        for budget in budgets:
            prefix = f"b{budget.pk}"
            ballot = (current or {}).get(budget.pk)
            if kind in (BallotType.APPROVAL, BallotType.KNAPSACK):
                self.fields[prefix] = forms.MultipleChoiceField(
                    label=budget.name,
                    required=False,
                    choices=[(str(p.pk), p.title) for p in budget.ballot_projects],
                    widget=forms.CheckboxSelectMultiple,
                )
                if ballot:
                    initial[prefix] = [str(pk) for pk in ballot.choices]
            elif kind == BallotType.CUMULATIVE:
                cap = decision.max_points_per_project or decision.points_per_voter
                given = dict(zip(ballot.choices, ballot.points or [], strict=False)) if ballot else {}
                for project in budget.ballot_projects:
                    name = f"{prefix}_p{project.pk}"
                    self.fields[name] = forms.IntegerField(
                        label=_("Points for %(project)s") % {"project": project.title},
                        required=False,
                        min_value=0,
                        max_value=cap,
                        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "vote-points"}),
                    )
                    if project.pk in given:
                        initial[name] = given[project.pk]
            else:  # a ranking
                places = self.ranked_places(budget)
                ranks = {pk: n for n, pk in enumerate(ballot.choices, start=1)} if ballot else {}
                for project in budget.ballot_projects:
                    name = f"{prefix}_p{project.pk}"
                    self.fields[name] = forms.TypedChoiceField(
                        label=_("Rank of %(project)s") % {"project": project.title},
                        required=False,
                        coerce=int,
                        empty_value=None,
                        choices=[("", _("Not ranked"))] + [(n, str(n)) for n in range(1, places + 1)],
                    )
                    if project.pk in ranks:
                        initial[name] = ranks[project.pk]
        if not self.is_bound:
            self.initial = initial

    def ranked_places(self, budget: Budget) -> int:
        count = len(budget.ballot_projects)
        return min(self.decision.max_choices or count, count)

    def submission(self) -> dict[int, tuple[list[int], list[int] | None]]:
        """``ballots`` for :func:`voting.ballot_cast`: every budget in which the voter chose something. Call after
        ``is_valid()``; a ranking that gives two projects the same place is reported beside its budget."""
        kind = self.decision.ballot_type
        ballots = {}
        for budget in self.budgets:
            prefix = f"b{budget.pk}"
            if kind in (BallotType.APPROVAL, BallotType.KNAPSACK):
                chosen = [int(pk) for pk in self.cleaned_data.get(prefix) or []]
                if chosen:
                    ballots[budget.pk] = (chosen, None)
            elif kind == BallotType.CUMULATIVE:
                given = [
                    (p.pk, self.cleaned_data.get(f"{prefix}_p{p.pk}"))
                    for p in budget.ballot_projects
                    if self.cleaned_data.get(f"{prefix}_p{p.pk}")
                ]
                if given:
                    ballots[budget.pk] = ([pk for pk, _points in given], [points for _pk, points in given])
            else:
                ranked = [
                    (self.cleaned_data.get(f"{prefix}_p{p.pk}"), p.pk)
                    for p in budget.ballot_projects
                    if self.cleaned_data.get(f"{prefix}_p{p.pk}")
                ]
                places = [place for place, _pk in ranked]
                if len(set(places)) != len(places):
                    self.budget_errors.setdefault(budget.pk, []).append(
                        _("Give each project a place of its own: two projects have the same place.")
                    )
                elif ranked:
                    ballots[budget.pk] = ([pk for _place, pk in sorted(ranked)], None)
        return ballots

    def _value(self, name):
        """What the field holds now: posted (even if invalid), else the voter's current ballot."""
        bound = self[name]
        return bound.value() if self.is_bound else self.initial.get(name)

    def sections(self) -> list[BudgetSection]:
        kind = self.decision.ballot_type
        sections = []
        for budget in self.budgets:
            section = BudgetSection(
                budget=budget, projects=budget.ballot_projects, points_total=self.decision.points_per_voter
            )
            section.errors = self.budget_errors.get(budget.pk, [])
            prefix = section.field_prefix
            if kind in (BallotType.APPROVAL, BallotType.KNAPSACK):
                selected = {str(v) for v in (self._value(prefix) or [])}
                checkboxes = {str(w.data["value"]): w for w in self[prefix]}
                for project in budget.ballot_projects:
                    chosen = str(project.pk) in selected
                    section.rows.append((project, checkboxes[str(project.pk)], chosen))
                    if chosen:
                        section.chosen += 1
                        section.spent += project.cost
                section.errors = section.errors + list(self[prefix].errors)
            else:
                for project in budget.ballot_projects:
                    name = f"{prefix}_p{project.pk}"
                    value = _as_int(self._value(name))
                    section.rows.append((project, self[name], bool(value)))
                    if value:
                        section.chosen += 1
                        section.spent += project.cost
                        section.points_used += value if kind == BallotType.CUMULATIVE else 0
            sections.append(section)
        return sections


def _as_int(value) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


def choices_hint(decision: Decision, budget: Budget | None = None) -> str:
    """What the voter must do, in one sentence, for the decision's ballot type."""
    kind = decision.ballot_type
    fewest, most = max(decision.min_choices, 1), decision.max_choices
    if kind == BallotType.APPROVAL:
        if most:
            return _("Choose from %(fewest)d to %(most)d projects you support.") % {"fewest": fewest, "most": most}
        return ngettext(
            "Choose at least %(fewest)d project you support, as many as you like.",
            "Choose at least %(fewest)d projects you support, as many as you like.",
            fewest,
        ) % {"fewest": fewest}
    if kind == BallotType.KNAPSACK:
        if decision.min_budget_share:
            return _(
                "Choose the projects you want, as long as together they cost no more than the budget and at least "
                "%(share)d%% of it."
            ) % {"share": decision.min_budget_share}
        return _("Choose the projects you want, as long as together they cost no more than the budget.")
    if kind == BallotType.CUMULATIVE:
        if decision.max_points_per_project:
            return _("Share your %(points)d points among the projects you support, at most %(cap)d to one project.") % {
                "points": decision.points_per_voter,
                "cap": decision.max_points_per_project,
            }
        return _("Share your %(points)d points among the projects you support.") % {"points": decision.points_per_voter}
    places = most or 0
    if places:
        return ngettext(
            "Rank your favourite project: give it place 1.",
            "Rank up to %(places)d projects: place 1 for your favourite, then 2, and so on.",
            places,
        ) % {"places": places}
    return _("Rank the projects you support: place 1 for your favourite, then 2, and so on.")
