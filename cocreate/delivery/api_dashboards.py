"""The execution dashboard in the JSON API: the same figures as the page, for the same filters, public."""

from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from cocreate.core.api import InputSchema
from cocreate.core.errors import CocreateError

from . import dashboards
from .dashboard_forms import DashboardFilterForm

router = Router()


class DashboardRowOut(Schema):
    label: str
    key: str
    planned: int
    on_time: int
    late: int
    done: int
    abandoned: int
    total: int
    budget_planned: Decimal
    budget_spent: Decimal
    spent_percent: int | None
    from_decisions: int
    delivered: int
    delivered_percent: int | None


class DashboardOut(Schema):
    totals: DashboardRowOut
    departments: list[DashboardRowOut]
    districts: list[DashboardRowOut]
    cycles: list[DashboardRowOut]


class DashboardFilters(InputSchema):
    organisation: str | None = Field(None, max_length=80, description="Short name (slug) of the public body.")
    department: int | None = Field(None, ge=1, le=2**63 - 1, description="Id of a responsible department.")
    district: str | None = Field(None, max_length=120)
    cycle: int | None = Field(None, ge=1900, le=2200, description="Year the decision closed, else the project began.")


class InvalidDashboardFilter(CocreateError):
    code = "invalid_filter"
    status = 400


@router.get("/dashboard", response=DashboardOut, url_name="delivery_dashboard", auth=None)
def dashboard(request, filters: Query[DashboardFilters]):
    """Public projects on time, late, done and abandoned, budgets, and selected projects delivered: in total and per
    department, district and cycle."""
    data = {k: str(v) for k, v in filters.dict().items() if v is not None}
    form = DashboardFilterForm(data)
    if not form.is_valid():
        error = InvalidDashboardFilter(_("These filters name nothing that has public projects."))
        error.errors = {place: list(messages) for place, messages in form.errors.items()}
        raise error
    board = dashboards.dashboard(form.filters(), no_department="", no_district="")
    return {
        "totals": board.totals.as_dict(),
        "departments": [r.as_dict() for r in board.departments],
        "districts": [r.as_dict() for r in board.districts],
        "cycles": [r.as_dict() for r in board.cycles],
    }
