"""Officials' writes in the JSON API: offering, changing, cancelling and deleting co-delivery tasks, checking people in,
and starting a project from a selected design. A refused request changed nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cocreate.conftest import give_second_factor
from cocreate.delivery import actions, volunteering
from cocreate.delivery.models import ImplementationProject, TaskSignup, VolunteerTask
from cocreate.delivery.tests.conftest import _design_from_idea, make_delivery_challenge, move_task
from cocreate.designs.models import Design
from cocreate.engagement.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(official, challenge):
    return actions.project_create(actor=official, challenge=challenge, title="Shade trees", description="Trees.")


@pytest.fixture
def task(official, project):
    starts_at = timezone.now() + dt.timedelta(days=3)
    return volunteering.task_create(
        actor=official,
        project=project,
        title="Planting day",
        description="Plant the trees with us.",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        place="Market square",
        capacity=1,
    )


def _as(client, user):
    give_second_factor(user)
    client.force_login(user)
    return client


def _json(client, method, url, body=None):
    return getattr(client, method)(url, body or {}, content_type="application/json")


def _when(delta):
    return (timezone.now() + delta).replace(microsecond=0).isoformat()


# --- Offering ---------------------------------------------------------------------------------------------------------


def test_an_official_offers_a_task_through_the_api(client, official, project):
    body = {
        "title": "Painting",
        "description": "Paint the benches.",
        "starts_at": _when(dt.timedelta(days=4)),
        "ends_at": _when(dt.timedelta(days=4, hours=2)),
        "place": "Park",
        "capacity": 5,
        "skills": ["painting"],
    }
    response = _json(_as(client, official), "post", f"/api/v1/delivery-tasks/projects/{project.pk}/tasks", body)
    assert response.status_code == 201
    assert (response.json()["places_left"], VolunteerTask.objects.get().organiser) == (5, official)


def test_a_time_without_its_offset_is_refused(client, official, project):
    body = {
        "title": "Painting",
        "description": "Paint the benches.",
        "starts_at": "2030-05-01T09:00:00",
        "ends_at": "2030-05-01T11:00:00",
        "place": "Park",
        "capacity": 5,
    }
    response = _json(_as(client, official), "post", f"/api/v1/delivery-tasks/projects/{project.pk}/tasks", body)
    assert response.status_code == 422
    assert VolunteerTask.objects.count() == 0


def test_a_citizen_cannot_offer_a_task_through_the_api(client, citizen, project):
    body = {
        "title": "Painting",
        "description": "Paint.",
        "starts_at": _when(dt.timedelta(days=4)),
        "ends_at": _when(dt.timedelta(days=4, hours=2)),
        "place": "Park",
        "capacity": 5,
    }
    response = _json(_as(client, citizen), "post", f"/api/v1/delivery-tasks/projects/{project.pk}/tasks", body)
    assert response.status_code == 403
    assert VolunteerTask.objects.count() == 0


# --- Changing, cancelling, deleting ----------------------------------------------------------------------------------


def test_an_official_moves_a_task_and_the_volunteer_hears(client, official, citizen, task):
    volunteering.task_signup(actor=citizen, task=task)
    body = {"starts_at": _when(dt.timedelta(days=5)), "ends_at": _when(dt.timedelta(days=5, hours=2))}
    response = _json(_as(client, official), "patch", f"/api/v1/delivery-tasks/tasks/{task.pk}", body)
    assert response.status_code == 200
    assert Notification.objects.filter(recipient=citizen, verb="delivery.task_changed").count() == 1


def test_raising_the_places_through_the_api_moves_the_first_waiting_up(client, official, citizen, make_user, task):
    volunteering.task_signup(actor=make_user(display_name="First"), task=task)
    volunteering.task_signup(actor=citizen, task=task)
    response = _json(_as(client, official), "patch", f"/api/v1/delivery-tasks/tasks/{task.pk}", {"capacity": 2})
    assert response.json()["places_left"] == 0
    assert TaskSignup.objects.get(person=citizen).status == "signed_up"


def test_lowering_the_places_below_the_people_signed_up_through_the_api_is_409(
    client, official, citizen, make_user, task
):
    volunteering.task_signup(actor=citizen, task=task)
    volunteering.task_change(actor=official, task=task, capacity=1)
    response = _json(_as(client, official), "patch", f"/api/v1/delivery-tasks/tasks/{task.pk}", {"capacity": 1})
    assert response.status_code == 200
    volunteering.task_change(actor=official, task=task, capacity=3)
    volunteering.task_signup(actor=make_user(display_name="Second"), task=task)
    response = _json(client, "patch", f"/api/v1/delivery-tasks/tasks/{task.pk}", {"capacity": 1})
    assert (response.status_code, response.json()["code"]) == (409, "delivery_task_capacity_below_signed_up")
    task.refresh_from_db()
    assert task.capacity == 3


def test_a_null_title_is_refused(client, official, task):
    response = _json(_as(client, official), "patch", f"/api/v1/delivery-tasks/tasks/{task.pk}", {"title": None})
    assert response.status_code == 422
    task.refresh_from_db()
    assert task.title == "Planting day"


def test_a_citizen_cannot_change_a_task_through_the_api(client, citizen, task):
    response = _json(_as(client, citizen), "patch", f"/api/v1/delivery-tasks/tasks/{task.pk}", {"place": "Mine"})
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.place == "Market square"


def test_an_official_cancels_a_task_through_the_api(client, official, citizen, task):
    volunteering.task_signup(actor=citizen, task=task)
    url = f"/api/v1/delivery-tasks/tasks/{task.pk}/call-off"
    response = _json(_as(client, official), "post", url, {"reason": "Storm."})
    assert (response.status_code, response.json()["cancelled"]) == (200, True)
    assert TaskSignup.objects.get().status == "cancelled"
    assert _json(client, "post", url, {}).status_code == 409


def test_an_anonymous_client_cannot_cancel_a_task(client, citizen, task):
    volunteering.task_signup(actor=citizen, task=task)
    response = _json(client, "post", f"/api/v1/delivery-tasks/tasks/{task.pk}/call-off", {})
    assert response.status_code == 401
    assert TaskSignup.objects.get().status == "signed_up"


def test_an_official_deletes_an_empty_task_through_the_api(client, official, task):
    response = _as(client, official).delete(f"/api/v1/delivery-tasks/tasks/{task.pk}")
    assert response.status_code == 204
    assert VolunteerTask.objects.count() == 0


def test_deleting_a_task_someone_signed_up_for_through_the_api_is_409(client, official, citizen, task):
    volunteering.task_signup(actor=citizen, task=task)
    response = _as(client, official).delete(f"/api/v1/delivery-tasks/tasks/{task.pk}")
    assert (response.status_code, response.json()["code"]) == (409, "delivery_task_has_volunteers")
    assert VolunteerTask.objects.count() == 1


# --- Checking in -----------------------------------------------------------------------------------------------------


def test_the_organiser_checks_in_through_the_api(client, official, citizen, task):
    signup = volunteering.task_signup(actor=citizen, task=task)
    move_task(task, starts_in=-dt.timedelta(hours=1))
    _as(client, official)
    listed = client.get(f"/api/v1/delivery-tasks/tasks/{task.pk}/check-in").json()
    assert [(row["id"], row["person"]) for row in listed] == [(signup.pk, citizen.public_name)]
    url = f"/api/v1/delivery-tasks/tasks/{task.pk}/check-in"
    response = _json(client, "post", url, {"signup": signup.pk, "attended": True, "hours": "2.5"})
    assert response.json()["hours"] == "2.50"


def test_a_check_in_before_it_opens_through_the_api_is_409(client, official, citizen, task):
    signup = volunteering.task_signup(actor=citizen, task=task)
    url = f"/api/v1/delivery-tasks/tasks/{task.pk}/check-in"
    response = _json(_as(client, official), "post", url, {"signup": signup.pk, "attended": True})
    assert (response.status_code, response.json()["code"]) == (409, "delivery_task_check_in_not_yet")
    signup.refresh_from_db()
    assert signup.status == "signed_up"


def test_a_volunteer_cannot_read_the_check_in_list(client, citizen, task):
    volunteering.task_signup(actor=citizen, task=task)
    assert _as(client, citizen).get(f"/api/v1/delivery-tasks/tasks/{task.pk}/check-in").status_code == 403


# --- A project from a selected design ---------------------------------------------------------------------------------


def _from_selected(client, challenge, design, source="designs.design"):
    body = {"challenge": challenge.slug, "source": source, "id": design.pk}
    return _json(client, "post", "/api/v1/delivery/projects/from-selected", body)


def test_an_official_starts_a_project_from_a_selected_design_once(client, official, challenge, decision):
    design = Design.objects.get(title="Fountains")
    first = _from_selected(_as(client, official), challenge, design)
    second = _from_selected(client, challenge, design)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert ImplementationProject.objects.filter(source_id=design.pk).count() == 1


def test_a_design_that_was_not_selected_is_409(client, official, challenge, decision):
    response = _from_selected(_as(client, official), challenge, Design.objects.get(title="Library"))
    assert (response.status_code, response.json()["code"]) == (409, "delivery_not_selected")
    assert ImplementationProject.objects.count() == 0


def test_a_design_of_another_challenge_is_404(
    client, official, admin_user, city, department, challenge, idea_author, designer
):
    other = make_delivery_challenge(actor=admin_user, organisation=city, department=department, title="Quiet streets")
    design = _design_from_idea(other, idea_author=idea_author, designer=designer, title="Benches", selected=True)
    response = _from_selected(_as(client, official), challenge, design)
    assert (response.status_code, response.json()["code"]) == (404, "delivery_not_in_challenge")
    assert ImplementationProject.objects.count() == 0


def test_an_unknown_kind_of_item_is_404(client, official, challenge, decision):
    response = _from_selected(_as(client, official), challenge, Design.objects.get(title="Fountains"), "auth.user")
    assert response.status_code == 404
    assert ImplementationProject.objects.count() == 0


def test_a_citizen_cannot_start_a_project_from_a_design(client, citizen, challenge, decision):
    response = _from_selected(_as(client, citizen), challenge, Design.objects.get(title="Fountains"))
    assert response.status_code == 403
    assert ImplementationProject.objects.count() == 0


def test_the_hours_survive_in_the_api_after_a_cancellation(client, official, citizen, task):
    signup = volunteering.task_signup(actor=citizen, task=task)
    move_task(task, starts_in=-dt.timedelta(minutes=10))
    volunteering.task_check_in(actor=official, signup=signup, attended=True, hours=Decimal(2))
    volunteering.task_cancel(actor=official, task=task)
    body = _as(client, citizen).get(f"/api/v1/delivery-tasks/tasks/{task.pk}").json()
    assert body["cancelled"] is True
    signup.refresh_from_db()
    assert signup.hours == Decimal("2.00")


def test_a_blank_place_is_refused(client, official, task):
    response = _json(_as(client, official), "patch", f"/api/v1/delivery-tasks/tasks/{task.pk}", {"place": "   "})
    assert response.status_code == 422
    task.refresh_from_db()
    assert task.place == "Market square"
