"""Delivery in the JSON API and the open feeds (iCalendar, GeoJSON, CSV)."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from cocreate.conftest import give_second_factor
from cocreate.delivery import actions
from cocreate.delivery.models import ImplementationProject, Milestone
from cocreate.engagement.actions import announcements_deliver_pending
from cocreate.engagement.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(admin_user, decision):
    project = actions.projects_from_decision(actor=admin_user, decision=decision)[0]
    ImplementationProject.objects.filter(pk=project.pk).update(latitude=Decimal("52.1"), longitude=Decimal("4.3"))
    project.refresh_from_db()
    return project


def _official(client, official):
    give_second_factor(official)
    client.force_login(official)
    return client


def test_the_api_lists_a_challenges_projects(client, project, challenge):
    body = client.get(f"/api/v1/delivery/projects?challenge={challenge.slug}").json()
    assert [p["title"] for p in body["items"]] == ["Shade trees", "Fountains"]


def test_the_api_shows_a_projects_milestones(client, admin_user, project):
    actions.milestone_add(actor=admin_user, project=project, title="Order", planned_on=timezone.localdate())
    body = client.get(f"/api/v1/delivery/projects/{project.pk}").json()
    assert [m["title"] for m in body["milestones"]] == ["Order"]


def test_an_official_records_a_milestone_through_the_api(client, official, project, idea_author):
    milestone = actions.milestone_add(actor=official, project=project, title="Order", planned_on=timezone.localdate())
    response = _official(client, official).post(
        f"/api/v1/delivery/milestones/{milestone.pk}/reached", {"note": "Ordered."}, content_type="application/json"
    )
    assert response.status_code == 200
    announcements_deliver_pending()
    assert Notification.objects.filter(recipient=idea_author, verb="delivery.milestone_reached").count() == 1


def test_a_citizen_cannot_add_a_milestone_through_the_api(client, citizen, project):
    client.force_login(citizen)
    response = client.post(
        f"/api/v1/delivery/projects/{project.pk}/milestones",
        {"title": "Mine", "planned_on": "2030-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Milestone.objects.count() == 0


def test_an_anonymous_client_cannot_start_a_project(client, project, challenge):
    response = client.post(
        "/api/v1/delivery/projects",
        {"challenge": challenge.slug, "title": "X", "description": "Y"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert ImplementationProject.objects.count() == 2


def test_an_official_starts_a_project_through_the_api(client, official, project, challenge):
    response = _official(client, official).post(
        "/api/v1/delivery/projects",
        {"challenge": challenge.slug, "title": "Benches", "description": "Thirty benches.", "budget_planned": "25"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["budget_planned"] == "25.00"


def test_the_api_refuses_a_nul_byte(client, official, project, challenge):
    response = _official(client, official).post(
        "/api/v1/delivery/projects",
        {"challenge": challenge.slug, "title": "Bad\x00", "description": "Y"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert ImplementationProject.objects.count() == 2


def test_the_api_refuses_a_progress_over_100(client, official, project):
    response = _official(client, official).post(
        f"/api/v1/delivery/projects/{project.pk}/progress", {"progress": 101}, content_type="application/json"
    )
    project.refresh_from_db()
    assert response.status_code == 422
    assert project.progress is None


def test_the_api_makes_projects_from_a_decisions_winners_once(client, official, decision):
    client = _official(client, official)
    first = client.post(f"/api/v1/delivery/decisions/{decision.pk}/projects")
    second = client.post(f"/api/v1/delivery/decisions/{decision.pk}/projects")
    assert (len(first.json()), second.json()) == (2, [])


def test_the_milestones_calendar_has_one_event_per_milestone(client, admin_user, project, challenge):
    actions.milestone_add(actor=admin_user, project=project, title="Order, then plant", planned_on=timezone.localdate())
    body = client.get(f"/delivery/milestones.ics?challenge={challenge.slug}").content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Shade trees: Order\\, then plant\r\n" in body


def test_the_calendar_is_served_as_a_calendar(client, project):
    response = client.get("/delivery/milestones.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_the_geojson_feed_places_projects_with_a_location(client, project):
    features = client.get("/delivery/projects.geojson").json()["features"]
    assert [f["geometry"]["coordinates"] for f in features] == [[4.3, 52.1]]


def test_the_csv_feed_lists_every_project(client, project):
    rows = list(csv.DictReader(io.StringIO(client.get("/delivery/projects.csv").content.decode())))
    assert [(r["title"], r["budget_planned"]) for r in rows] == [("Shade trees", "120.00"), ("Fountains", "60.00")]


def test_the_feeds_leave_out_projects_of_an_invited_challenge(client, project, challenge):
    type(challenge).objects.filter(pk=challenge.pk).update(visibility="invited")
    rows = list(csv.DictReader(io.StringIO(client.get("/delivery/projects.csv").content.decode())))
    assert rows == []


def test_the_api_refuses_a_latitude_without_a_longitude(client, official, project, challenge):
    response = _official(client, official).post(
        "/api/v1/delivery/projects",
        {"challenge": challenge.slug, "title": "X", "description": "Y", "latitude": "52.1"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "delivery_location_incomplete"
