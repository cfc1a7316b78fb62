"""The execution dashboard's page and its CSV: public, filtered by the query string; a filter that names nothing
comes back as the page with the form and the message beside the field (400).

Anonymous visitors are served the page from the page cache (``core.pagecache``): every write of a project moves
its version on, and the date is part of the key, so a cached page never hides a change to a project or a milestone
that became late today. Other changes it shows (a department renamed, a challenge made private) show within
COCREATE_PAGE_CACHE_SECONDS."""

import csv as csvfiles

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cocreate.core.pagecache import page_cache

from . import dashboards
from .dashboard_forms import DashboardFilterForm


def _form(request) -> DashboardFilterForm:
    return DashboardFilterForm(request.GET if request.GET else None)


def _dashboard(form: DashboardFilterForm) -> dashboards.Dashboard:
    filters = form.filters() if form.is_bound else dashboards.Filters()
    return dashboards.dashboard(filters, no_department=_("No department"), no_district=_("No district given"))


def _today(request) -> str:
    return timezone.localdate().isoformat()  # a milestone's planned date passing makes its project late


@require_GET
@page_cache(version=lambda request: dashboards.VERSION, vary=_today)
def dashboard(request):
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return render(request, "delivery/dashboards/dashboard.html", {"form": form, "board": None}, status=400)
    board = _dashboard(form)
    breakdowns = [
        ("departments", _("Per department"), _("Department"), board.departments),
        ("districts", _("Per district"), _("District"), board.districts),
        ("cycles", _("Per cycle"), _("Cycle"), board.cycles),
    ]
    return render(
        request,
        "delivery/dashboards/dashboard.html",
        {"form": form, "board": board, "breakdowns": breakdowns, "query": form.query_string()},
    )


CSV_COLUMNS = (
    "breakdown",
    "key",
    "label",
    "planned",
    "on_time",
    "late",
    "done",
    "abandoned",
    "total",
    "budget_planned",
    "budget_spent",
    "spent_percent",
    "from_decisions",
    "delivered",
    "delivered_percent",
)


@require_GET
def dashboard_csv(request):
    form = _form(request)
    if form.is_bound and not form.is_valid():
        return render(request, "delivery/dashboards/dashboard.html", {"form": form, "board": None}, status=400)
    board = _dashboard(form)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="delivery-dashboard.csv"'
    writer = csvfiles.writer(response)
    writer.writerow(CSV_COLUMNS)
    tables = [("total", [board.totals]), ("department", board.departments), ("district", board.districts)]
    tables.append(("cycle", board.cycles))
    for name, rows in tables:
        for row in rows:
            values = {"breakdown": name, **row.as_dict()}
            writer.writerow(["" if values[c] is None else values[c] for c in CSV_COLUMNS])
    return response
