"""Co-delivery tasks in the JSON API: read by everyone, signed up for and cancelled with the session and its CSRF
token; a refused request changed nothing."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cocreate.conftest import PASSWORD
from cocreate.delivery import actions, volunteering
from cocreate.delivery.models import TaskSignup

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(official, challenge):
    project = actions.project_create(actor=official, challenge=challenge, title="Shade trees", description="Trees.")
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
        skills=["digging"],
    )


def signed_in_with_csrf(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    assert client.login(email=user.email, password=PASSWORD)
    client.get("/")  # sets the CSRF cookie
    return client


def post(client, url):
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    return client.post(url, content_type="application/json", headers={"X-CSRFToken": token})


def test_everyone_reads_a_challenges_tasks(client, challenge, task):
    body = client.get(f"/api/v1/delivery-tasks/tasks?challenge={challenge.slug}").json()
    assert [(t["title"], t["places_left"], t["skills"]) for t in body["items"]] == [("Planting day", 1, ["digging"])]


def test_everyone_reads_a_task(client, task):
    body = client.get(f"/api/v1/delivery-tasks/tasks/{task.pk}").json()
    assert body["place"] == "Market square"


def test_a_missing_task_is_404(client, task):
    assert client.get(f"/api/v1/delivery-tasks/tasks/{task.pk + 1000}").status_code == 404


def test_a_signed_in_person_signs_up(citizen, task):
    response = post(signed_in_with_csrf(citizen), f"/api/v1/delivery-tasks/tasks/{task.pk}/signup")
    assert response.status_code == 201
    assert response.json() == {"task": task.pk, "status": "signed_up", "waiting_position": None, "hours": None}


def test_the_next_person_is_put_on_the_waiting_list(citizen, make_user, task):
    volunteering.task_signup(actor=make_user(display_name="First"), task=task)
    response = post(signed_in_with_csrf(citizen), f"/api/v1/delivery-tasks/tasks/{task.pk}/signup")
    assert (response.json()["status"], response.json()["waiting_position"]) == ("waiting", 1)


def test_signing_up_without_the_csrf_token_is_refused(citizen, task):
    client = Client(enforce_csrf_checks=True)
    client.login(email=citizen.email, password=PASSWORD)
    response = client.post(f"/api/v1/delivery-tasks/tasks/{task.pk}/signup", content_type="application/json")
    assert (response.status_code, TaskSignup.objects.count()) == (403, 0)


def test_a_visitor_cannot_sign_up(client, task):
    response = client.post(f"/api/v1/delivery-tasks/tasks/{task.pk}/signup", content_type="application/json")
    assert (response.status_code, TaskSignup.objects.count()) == (401, 0)


def test_signing_up_twice_is_a_conflict(citizen, task):
    client = signed_in_with_csrf(citizen)
    post(client, f"/api/v1/delivery-tasks/tasks/{task.pk}/signup")
    response = post(client, f"/api/v1/delivery-tasks/tasks/{task.pk}/signup")
    assert (response.status_code, response.json()["code"]) == (409, "delivery_task_already_signed_up")
    assert TaskSignup.objects.count() == 1


def test_a_signed_in_person_cancels(citizen, task):
    client = signed_in_with_csrf(citizen)
    post(client, f"/api/v1/delivery-tasks/tasks/{task.pk}/signup")
    response = post(client, f"/api/v1/delivery-tasks/tasks/{task.pk}/cancel")
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
