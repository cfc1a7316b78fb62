"""The execution dashboard: how the public projects of delivery go, counted in SQL.

Each project falls in exactly one state: *planned* (not started, no milestone missed), *on time* (in progress, no
milestone missed), *late* (planned or in progress, with a milestone whose planned date passed unmet, as
:func:`queries.with_lateness` defines it), *done* or *abandoned*. Budgets are the sums of what the projects planned and
spent. The share of selected projects delivered is the done ones among those created from a decision's winners.

The figures come from four aggregate queries (the totals, and one grouped query per breakdown: department, district
and cycle) and the filter form's choices from four more (every public body; the departments, districts and cycles that
have public projects), however many projects there are. A cycle is the year the
project's decision closed (its vote stage's end, else the day its results were published), else the year the project
was made. Only public projects count: those an anonymous visitor may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from . import queries
from .models import MONEY, ImplementationProject

Status = ImplementationProject.Status
OPEN = sorted(ImplementationProject.workflow.open)
STATES = ("planned", "on_time", "late", "done", "abandoned")


def public_projects() -> QuerySet[ImplementationProject]:
    """The projects everyone may see: the delivery app's own visibility rule, for a visitor who is not signed in (as
    a subquery, so that the aggregates need no DISTINCT)."""
    return ImplementationProject.objects.filter(pk__in=queries.visible_projects(AnonymousUser()).values("pk"))


def cycle_expression():
    return ExtractYear(
        Coalesce(
            "decision_project__decision__stage__ends_at",
            "decision_project__decision__results_published_at",
            "created_at",
        )
    )


@dataclass(frozen=True)
class Filters:
    organisation: int | None = None  # pk of the public body
    department: int | None = None  # pk
    district: str | None = None
    cycle: int | None = None


def filtered(filters: Filters) -> QuerySet[ImplementationProject]:
    projects = public_projects()
    if filters.organisation is not None:
        projects = projects.filter(organisation_id=filters.organisation)
    if filters.department is not None:
        projects = projects.filter(departments__pk=filters.department)
    if filters.district is not None:
        projects = projects.filter(district=filters.district)
    if filters.cycle is not None:
        projects = projects.annotate(cycle=cycle_expression()).filter(cycle=filters.cycle)
    return projects


def _figures(today: dt.date) -> dict:
    """The aggregates of one row, as SQL expressions: conditional counts and sums."""
    late = Exists(queries.late_milestones(today).filter(project=OuterRef("pk")))
    zero = Value(Decimal(0), output_field=DecimalField(**MONEY))
    return {
        "planned": Count("pk", filter=Q(status=Status.PLANNED) & ~late),
        "on_time": Count("pk", filter=Q(status=Status.IN_PROGRESS) & ~late),
        "late": Count("pk", filter=Q(status__in=OPEN) & late),
        "done": Count("pk", filter=Q(status=Status.DONE)),
        "abandoned": Count("pk", filter=Q(status=Status.ABANDONED)),
        "total": Count("pk"),
        "budget_planned": Coalesce(Sum("budget_planned"), zero),
        "budget_spent": Coalesce(Sum("budget_spent"), zero),
        "from_decisions": Count("pk", filter=Q(decision_project__isnull=False)),
        "delivered": Count("pk", filter=Q(decision_project__isnull=False, status=Status.DONE)),
    }


def _percent(part, whole) -> int | None:
    if not whole:
        return None
    return round(100 * Decimal(part) / Decimal(whole))


@dataclass(frozen=True)
class Row:
    label: str
    key: str = ""
    planned: int = 0
    on_time: int = 0
    late: int = 0
    done: int = 0
    abandoned: int = 0
    total: int = 0
    budget_planned: Decimal = Decimal(0)
    budget_spent: Decimal = Decimal(0)
    from_decisions: int = 0
    delivered: int = 0

    @property
    def spent_percent(self) -> int | None:
        """Budget spent as a share of the budget planned, in %."""
        return _percent(self.budget_spent, self.budget_planned)

    @property
    def delivered_percent(self) -> int | None:
        """Selected projects (created from a decision) that are done, in %."""
        return _percent(self.delivered, self.from_decisions)

    @property
    def done_percent(self) -> int | None:
        return _percent(self.done, self.total)

    @property
    def bar_percent(self) -> int:
        """Spent against planned for a bar: at most 100."""
        return min(self.spent_percent or 0, 100)

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "key": self.key,
            **{state: getattr(self, state) for state in STATES},
            "total": self.total,
            "budget_planned": self.budget_planned,
            "budget_spent": self.budget_spent,
            "spent_percent": self.spent_percent,
            "from_decisions": self.from_decisions,
            "delivered": self.delivered,
            "delivered_percent": self.delivered_percent,
        }


def _row(label: str, key: str, values: dict) -> Row:
    return Row(label=label, key=key, **{name: values[name] for name in _FIGURE_NAMES})


_FIGURE_NAMES = (*STATES, "total", "budget_planned", "budget_spent", "from_decisions", "delivered")


@dataclass(frozen=True)
class Dashboard:
    totals: Row
    departments: list[Row] = field(default_factory=list)
    districts: list[Row] = field(default_factory=list)
    cycles: list[Row] = field(default_factory=list)


def dashboard(filters: Filters, *, today: dt.date | None = None, no_department="", no_district="") -> Dashboard:
    """The dashboard for these filters: four queries. A project with several departments counts in each of their
    rows (the totals count it once); ``no_department`` and ``no_district`` label the rows of projects without one."""
    today = today or timezone.localdate()
    figures = _figures(today)
    projects = filtered(filters)
    totals = _row("", "", projects.aggregate(**figures))
    by_department = (
        projects.values("departments__pk", "departments__name", "departments__organisation__name")
        .annotate(**figures)
        .order_by(
            F("departments__organisation__name").asc(nulls_last=True),
            F("departments__name").asc(nulls_last=True),
            F("departments__pk").asc(nulls_last=True),
        )
    )
    departments = [
        _row(
            f"{v['departments__name']} ({v['departments__organisation__name']})"
            if v["departments__pk"]
            else no_department,
            str(v["departments__pk"] or ""),
            v,
        )
        for v in by_department
    ]
    by_district = projects.values("district").annotate(**figures).order_by("district")
    districts = [_row(v["district"] or no_district, v["district"], v) for v in by_district]
    by_cycle = projects.annotate(year=cycle_expression()).values("year").annotate(**figures).order_by("year")
    cycles = [_row(str(v["year"]), str(v["year"]), v) for v in by_cycle]
    return Dashboard(totals=totals, departments=departments, districts=districts, cycles=cycles)


# --- The filters' choices (four queries) -------------------------------------------------------------------------


def organisation_choices() -> list[tuple[int, str, str]]:
    """The public bodies (every one, so that a link from any of their pages works): pk, slug and name."""
    from cocreate.organisations.models import Organisation

    bodies = Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_BODY).order_by("name", "pk")
    return [(o.pk, o.slug, o.name) for o in bodies.only("slug", "name")]


def department_choices() -> list[tuple[str, str]]:
    from cocreate.organisations.models import Department

    departments = (
        Department.objects.filter(pk__in=public_projects().values("departments__pk"))
        .select_related("organisation")
        .order_by("organisation__name", "name", "pk")
    )
    return [(str(d.pk), f"{d.name} ({d.organisation.name})") for d in departments]


def district_choices() -> list[str]:
    districts = public_projects().exclude(district="").values_list("district", flat=True)
    return list(districts.order_by("district").distinct())


def cycle_choices() -> list[int]:
    years = public_projects().annotate(year=cycle_expression()).values_list("year", flat=True)
    return list(years.order_by("year").distinct())
