"""The execution dashboard: its figures on a small fixture of public projects in every state, its filters, what
it refuses, what it leaves out (private and hidden projects), and a query count that does not grow with projects."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from cocreate.delivery import dashboards
from cocreate.delivery.models import ImplementationProject, Milestone
from cocreate.delivery.tests.conftest import make_delivery_challenge
from cocreate.organisations.actions import department_create

pytestmark = pytest.mark.django_db

URL = "/delivery/dashboard/"
API = "/api/v1/delivery/dashboard"
Status = ImplementationProject.Status


def _project(challenge, title, *, status=Status.PLANNED, district="", planned=None, spent=0, departments=(), **kw):
    stage = next(s for s in challenge.ordered_stages if s.type == "delivery")
    project = ImplementationProject.objects.create(
        author=challenge.created_by,
        challenge=challenge,
        organisation_id=challenge.organisation_id,
        stage=stage,
        title=title,
        description="A project.",
        status=status,
        district=district,
        budget_planned=None if planned is None else Decimal(planned),
        budget_spent=Decimal(spent),
        **kw,
    )
    project.departments.set(departments)
    return project


def _milestone(project, *, days: int, reached: bool = False):
    today = timezone.localdate()
    return Milestone.objects.create(
        project=project,
        title="Step",
        planned_on=today + dt.timedelta(days=days),
        reached_on=today if reached else None,
    )


@pytest.fixture
def parks(city):
    return department_create(organisation=city, name="Parks")


@pytest.fixture
def roads(city):
    return department_create(organisation=city, name="Roads")


@pytest.fixture
def board(challenge, decision, parks, roads, admin_user):
    """Public projects: one planned, one on time (its late milestone was reached), two late (one planned, one in
    progress), one done from the decision, one abandoned; and a private challenge's project, a hidden project."""
    selected = list(decision.projects.filter(selected=True).order_by("pk"))
    made = {
        "planned": _project(challenge, "Benches", district="North", planned=100, departments=[parks]),
        "on_time": _project(
            challenge, "Trees", status=Status.IN_PROGRESS, district="North", planned=200, spent=50, departments=[parks]
        ),
        "late_planned": _project(challenge, "Lights", district="South", planned=40, departments=[roads]),
        "late": _project(
            challenge,
            "Fountains",
            status=Status.IN_PROGRESS,
            district="South",
            planned=60,
            spent=70,
            departments=[parks, roads],
            decision_project=selected[1],
        ),
        "done": _project(
            challenge,
            "Shade",
            status=Status.DONE,
            district="North",
            planned=120,
            spent=110,
            decision_project=selected[0],
        ),
        "abandoned": _project(challenge, "Kiosk", status=Status.ABANDONED, planned=None, spent=5),
    }
    _milestone(made["on_time"], days=-3, reached=True)
    _milestone(made["on_time"], days=10)
    _milestone(made["late_planned"], days=-1)
    _milestone(made["late"], days=-20)
    _milestone(made["done"], days=-20)  # done: a missed milestone does not make it late
    _milestone(made["abandoned"], days=-20)
    _project(challenge, "Hidden one", status=Status.DONE, planned=999, spent=999, is_hidden=True)
    secret = make_delivery_challenge(
        actor=admin_user,
        organisation=challenge.organisation,
        department=parks,
        title="Secret squares",
        visibility="private",
    )
    _project(secret, "Private one", status=Status.DONE, district="North", planned=999, spent=999, departments=[parks])
    return made


def _totals(**params):
    return dashboards.dashboard(dashboards.Filters(**params)).totals


def test_counts_each_state(board):
    t = _totals()
    assert (t.planned, t.on_time, t.late, t.done, t.abandoned) == (1, 1, 2, 1, 1)


def test_total_counts_public_projects_only(board):
    assert _totals().total == 6


def test_budget_planned_is_the_sum(board):
    assert _totals().budget_planned == Decimal("520.00")


def test_budget_spent_is_the_sum(board):
    assert _totals().budget_spent == Decimal("235.00")


def test_spent_percent(board):
    assert _totals().spent_percent == 45  # 235 / 520


def test_selected_delivered(board):
    t = _totals()
    assert (t.delivered, t.from_decisions, t.delivered_percent) == (1, 2, 50)


def test_per_district_rows(board):
    rows = dashboards.dashboard(dashboards.Filters(), no_district="none").districts
    assert [(r.label, r.total, r.late, r.budget_spent) for r in rows] == [
        ("none", 1, 0, Decimal("5.00")),
        ("North", 3, 0, Decimal("160.00")),
        ("South", 2, 2, Decimal("70.00")),
    ]


def test_per_department_counts_a_shared_project_in_each(board, parks, roads):
    rows = dashboards.dashboard(dashboards.Filters(), no_department="none").departments
    assert [(r.key, r.total, r.late) for r in rows] == [(str(parks.pk), 3, 1), (str(roads.pk), 2, 2), ("", 2, 0)]


def test_per_cycle_uses_the_decision_year_else_the_creation_year(board, decision):
    ImplementationProject.objects.filter(title="Benches").update(created_at=dt.datetime(2021, 5, 1, tzinfo=dt.UTC))
    stage = decision.stage
    stage.starts_at, stage.ends_at = dt.datetime(2022, 5, 1, tzinfo=dt.UTC), dt.datetime(2022, 6, 1, tzinfo=dt.UTC)
    stage.save(update_fields=["starts_at", "ends_at"])
    rows = dashboards.dashboard(dashboards.Filters()).cycles
    this_year = timezone.now().year
    assert [(r.label, r.total) for r in rows] == [("2021", 1), ("2022", 2), (str(this_year), 3)]


def test_filter_by_district(board):
    assert _totals(district="South").total == 2


def test_filter_by_department(board, roads):
    t = _totals(department=roads.pk)
    assert (t.total, t.late) == (2, 2)


def test_filter_by_cycle(board, decision):
    stage = decision.stage
    stage.starts_at, stage.ends_at = dt.datetime(2022, 5, 1, tzinfo=dt.UTC), dt.datetime(2022, 6, 1, tzinfo=dt.UTC)
    stage.save(update_fields=["starts_at", "ends_at"])
    assert _totals(cycle=2022).total == 2


def test_filter_by_organisation(board, city, other_city):
    assert (_totals(organisation=city.pk).total, _totals(organisation=other_city.pk).total) == (6, 0)


def test_page_shows_the_figures(client, board):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["board"].totals.total == 6


def test_page_filters_by_query_string(client, board, city):
    response = client.get(URL, {"organisation": city.slug, "district": "North"})
    assert response.context["board"].totals.total == 3


@pytest.mark.parametrize(
    "params",
    [
        {"organisation": "nowhere"},
        {"department": "999999"},
        {"department": "99999999999999999999999"},
        {"district": "Atlantis"},
        {"cycle": "1850"},
        {"cycle": "twenty"},
    ],
)
def test_page_refuses_a_filter_naming_nothing(client, board, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == params.keys()


def test_refused_page_keeps_what_was_typed(client, board):
    response = client.get(URL, {"district": "North", "cycle": "1850"})
    assert response.context["form"]["district"].value() == "North"


def test_private_department_district_is_not_a_choice(client, board):
    # "North" has public projects; a district only a private project has is not offered
    secret = ImplementationProject.objects.get(title="Private one")
    secret.district = "Hidden valley"
    secret.save(update_fields=["district"])
    assert client.get(URL, {"district": "Hidden valley"}).status_code == 400


def test_csv_has_a_row_per_table_row(client, board, city):
    response = client.get("/delivery/dashboard.csv", {"district": "South"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["breakdown"], r["label"], r["late"]) for r in rows] == [
        ("total", "", "2"),
        ("department", f"Parks ({city.name})", "1"),
        ("department", f"Roads ({city.name})", "2"),
        ("district", "South", "2"),
        ("cycle", str(timezone.now().year), "2"),
    ]


def test_csv_refuses_a_bad_filter(client, board):
    assert client.get("/delivery/dashboard.csv", {"cycle": "x"}).status_code == 400


def test_api_gives_the_totals(client, board):
    body = client.get(API).json()
    assert (body["totals"]["late"], Decimal(body["totals"]["budget_spent"])) == (2, Decimal("235.00"))


def test_api_refuses_an_unknown_district(client, board):
    response = client.get(API, {"district": "Atlantis"})
    assert (response.status_code, response.json()["code"]) == (400, "invalid_filter")


def test_api_refuses_a_nul(client, board):
    assert client.get(API, {"district": "No\x00rth"}).status_code == 400


def test_stage_page_links_the_dashboard(client, board, challenge):
    assert b"/delivery/dashboard/?organisation=" in client.get(f"/challenges/{challenge.slug}/delivery/").content


def test_organisation_page_links_the_dashboard(client, city):
    assert f"/delivery/dashboard/?organisation={city.slug}".encode() in client.get(city.get_absolute_url()).content


def test_anonymous_visitors_are_served_the_cached_page_until_a_project_changes(
    client, board, settings, official, challenge, django_capture_on_commit_callbacks
):
    from cocreate.delivery import actions

    settings.COCREATE_PAGE_CACHE_SECONDS = 300
    assert client.get(URL).context["board"].totals.total == 6
    again = client.get(URL)
    assert getattr(again, "from_anonymous_page_cache", False)
    project = ImplementationProject.objects.filter(challenge=challenge).first()
    with django_capture_on_commit_callbacks(execute=True):
        actions.milestone_add(actor=official, project=project, title="Late", planned_on=timezone.localdate())
    fresh = client.get(URL)
    assert not getattr(fresh, "from_anonymous_page_cache", False)
    with django_capture_on_commit_callbacks(execute=True):
        actions.project_set_status(actor=official, project=project, status="abandoned", answer="No money.")
    assert not getattr(client.get(URL), "from_anonymous_page_cache", False)
