"""The execution dashboard: how the public projects of delivery go, counted in SQL.

Each project falls in exactly one state: *planned* (not started, no milestone missed), *on time* (in progress, no
milestone missed), *late* (planned or in progress, with a milestone whose planned date passed unmet, as
:func:`queries.with_lateness` defines it), *done* or *abandoned*. Budgets are the sums of what the projects planned and
spent. The share of selected projects delivered is the done ones among those created from a decision's winners.

The figures come from three grouped queries (one per breakdown: department, district and cycle; the totals are
the sum of the districts) and the filter form's choices from four more (every public body; the departments,
districts and cycles that have public projects), however many projects there are. A cycle is the year the project's
decision closed (its vote stage's end, else the day its results were published), else the year the project was made.
Only public projects count: those an anonymous visitor may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from cocreate.core.pagecache import pages_changed

from . import queries
from .models import ImplementationProject

Status = ImplementationProject.Status
OPEN = sorted(ImplementationProject.workflow.open)
STATES = ("planned", "on_time", "late", "done", "abandoned")
# The page cache's name for what the dashboard shows: every write of a project moves it on (``dashboard_changed``).
VERSION = "delivery:dashboard"


def dashboard_changed() -> None:
    """A project, its milestones or its budget changed: the cached dashboard pages are rendered afresh."""
    pages_changed(VERSION)


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


def _groups(projects: QuerySet, keys: tuple[str, ...], today: dt.date) -> list[dict]:
    """Counts and budget sums grouped by ``keys``, by status, by lateness and by whether the project came of a
    decision: one query, in which the database decides once per project whether it is late."""
    # The delivery app's own rule (queries.late_milestones), as "pk IN (projects with a late milestone)": the database
    # reads the late milestones once and looks each project up in a hash, where a correlated EXISTS would run again
    # for every project.
    late = Q(status__in=OPEN) & Q(pk__in=queries.late_milestones(today).values("project_id"))
    return list(
        projects.annotate(
            late_flag=ExpressionWrapper(late, output_field=BooleanField()),
            from_decision=ExpressionWrapper(Q(decision_project__isnull=False), output_field=BooleanField()),
        )
        .values(*keys, "status", "late_flag", "from_decision")
        .annotate(count=Count("pk"), planned_sum=Sum("budget_planned"), spent_sum=Sum("budget_spent"))
        .order_by()
    )


def _state(group: dict) -> str:
    if group["late_flag"]:
        return "late"
    return {Status.PLANNED: "planned", Status.IN_PROGRESS: "on_time"}.get(group["status"], group["status"])


def _fold(groups: list[dict]) -> dict:
    """The figures of one row, summed from its groups."""
    figures = dict.fromkeys((*STATES, "total", "from_decisions", "delivered"), 0)
    figures |= {"budget_planned": Decimal(0), "budget_spent": Decimal(0)}
    for g in groups:
        figures[_state(g)] += g["count"]
        figures["total"] += g["count"]
        figures["budget_planned"] += g["planned_sum"] or 0
        figures["budget_spent"] += g["spent_sum"] or 0
        if g["from_decision"]:
            figures["from_decisions"] += g["count"]
            figures["delivered"] += g["count"] if g["status"] == Status.DONE else 0
    return figures


def _rows(groups: list[dict], key, label) -> list[Row]:
    """One row per value of ``key(group)``, in the order of the keys (None last), labelled by ``label(group)``."""
    by_key: dict = {}
    for g in groups:
        by_key.setdefault(key(g), []).append(g)
    ordered = sorted(by_key, key=lambda k: (k is None, k or ()))
    return [_row(label(by_key[k][0]), "" if k is None else str(k[-1]), _fold(by_key[k])) for k in ordered]


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
    """The dashboard for these filters: three queries, one per breakdown (the totals are the sum of the districts,
    in which every project counts once). A project with several departments counts in each of their rows;
    ``no_department`` and ``no_district`` label the rows of projects without one."""
    today = today or timezone.localdate()
    projects = filtered(filters)
    department_keys = ("departments__pk", "departments__name", "departments__organisation__name")
    by_department = _groups(projects, department_keys, today)
    by_district = _groups(projects, ("district",), today)
    by_cycle = _groups(projects.annotate(year=cycle_expression()), ("year",), today)

    def department(g):
        return (g["departments__organisation__name"], g["departments__name"], g["departments__pk"])

    departments = _rows(
        by_department,
        lambda g: department(g) if g["departments__pk"] else None,
        lambda g: (
            f"{g['departments__name']} ({g['departments__organisation__name']})"
            if g["departments__pk"]
            else no_department
        ),
    )
    districts = _rows(by_district, lambda g: (g["district"],), lambda g: g["district"] or no_district)
    cycles = _rows(by_cycle, lambda g: (g["year"],), lambda g: str(g["year"]))
    totals = _row("", "", _fold(by_district))
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
