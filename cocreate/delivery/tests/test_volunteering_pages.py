"""The co-delivery task pages: what everyone reads, signing up and cancelling by plain posts, the organiser's check-in,
"My volunteering" and the calendar feed; every refused request changed nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cocreate.conftest import give_second_factor
from cocreate.delivery import actions, volunteering
from cocreate.delivery.models import TaskSignup, VolunteerTask
from cocreate.delivery.tests.conftest import move_task

pytestmark = pytest.mark.django_db


def _as(client, user):
    give_second_factor(user)
    client.force_login(user)
    return client


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


def test_the_project_page_lists_its_tasks(client, project, task):
    response = client.get(project.get_absolute_url())
    assert "Planting day" in response.content.decode()


def test_help_deliver_it_lists_the_challenges_tasks(client, challenge, task):
    response = client.get(f"/challenges/{challenge.slug}/delivery/help/")
    assert response.status_code == 200
    assert "Planting day" in response.content.decode()


def test_the_task_page_shows_the_places_left(client, task):
    response = client.get(task.get_absolute_url())
    assert "1 of 1" in response.content.decode()


def test_a_visitor_is_asked_to_sign_in(client, task):
    response = client.get(task.get_absolute_url())
    assert "Sign in to take part" in response.content.decode()


def test_signing_up_by_a_plain_post(client, citizen, task):
    response = _as(client, citizen).post(f"/delivery/tasks/{task.pk}/sign-up/")
    assert response.status_code == 302
    assert TaskSignup.objects.get(task=task, person=citizen).status == "signed_up"


def test_a_visitors_sign_up_is_refused_and_changes_nothing(client, task):
    response = client.post(f"/delivery/tasks/{task.pk}/sign-up/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert TaskSignup.objects.count() == 0


def test_the_waiting_person_sees_their_position(client, citizen, make_user, task):
    volunteering.task_signup(actor=make_user(display_name="First"), task=task)
    volunteering.task_signup(actor=citizen, task=task)
    response = _as(client, citizen).get(task.get_absolute_url())
    assert "You are number 1 on the waiting list." in response.content.decode()


def test_cancelling_by_a_plain_post(client, citizen, task):
    volunteering.task_signup(actor=citizen, task=task)
    response = _as(client, citizen).post(f"/delivery/tasks/{task.pk}/cancel/")
    assert response.status_code == 302
    assert TaskSignup.objects.get(task=task, person=citizen).status == "cancelled"


def test_cancelling_without_a_sign_up_is_refused(client, citizen, task):
    response = _as(client, citizen).post(f"/delivery/tasks/{task.pk}/cancel/")
    assert response.status_code == 409
    assert TaskSignup.objects.count() == 0


def test_the_organiser_checks_people_in(client, official, citizen, task):
    signup = volunteering.task_signup(actor=citizen, task=task)
    move_task(task, starts_in=-dt.timedelta(minutes=30))
    response = _as(client, official).post(
        f"/delivery/tasks/{task.pk}/check-in/",
        {"signup": signup.pk, f"s{signup.pk}-attended": "yes", f"s{signup.pk}-hours": "2.5"},
    )
    assert response.status_code == 302
    signup.refresh_from_db()
    assert (signup.status, signup.hours) == ("attended", Decimal("2.50"))


def test_impossible_hours_come_back_with_what_was_typed(client, official, citizen, task):
    signup = volunteering.task_signup(actor=citizen, task=task)
    move_task(task, starts_in=-dt.timedelta(minutes=30))
    response = _as(client, official).post(
        f"/delivery/tasks/{task.pk}/check-in/",
        {"signup": signup.pk, f"s{signup.pk}-attended": "yes", f"s{signup.pk}-hours": "99999"},
    )
    assert response.status_code == 400
    assert 'value="99999"' in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == "signed_up"


def test_a_volunteer_cannot_open_the_check_in(client, citizen, task):
    signup = volunteering.task_signup(actor=citizen, task=task)
    move_task(task, starts_in=-dt.timedelta(minutes=30))
    response = _as(client, citizen).post(
        f"/delivery/tasks/{task.pk}/check-in/",
        {"signup": signup.pk, f"s{signup.pk}-attended": "yes", f"s{signup.pk}-hours": "8"},
    )
    assert response.status_code == 403
    signup.refresh_from_db()
    assert signup.status == "signed_up"


def test_my_volunteering_shows_the_hours_given(client, official, citizen, task):
    signup = volunteering.task_signup(actor=citizen, task=task)
    move_task(task, starts_in=-dt.timedelta(minutes=30))
    volunteering.task_check_in(actor=official, signup=signup, attended=True, hours=Decimal("2.5"))
    response = _as(client, citizen).get("/delivery/volunteering/")
    assert "You gave 2.50 hours" in response.content.decode()


def test_an_official_offers_a_task(client, official, project):
    starts = (timezone.localtime() + dt.timedelta(days=4)).replace(microsecond=0)
    response = _as(client, official).post(
        f"/delivery/projects/{project.pk}/tasks/new/",
        {
            "title": "Painting",
            "description": "Paint benches.",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Park",
            "capacity": "5",
            "skills": "painting, patience",
        },
    )
    assert response.status_code == 302
    assert VolunteerTask.objects.get().skills == ["painting", "patience"]


def test_a_task_ending_before_it_starts_comes_back_with_the_message(client, official, project):
    starts = timezone.localtime() + dt.timedelta(days=4)
    response = _as(client, official).post(
        f"/delivery/projects/{project.pk}/tasks/new/",
        {
            "title": "Painting",
            "description": "Paint benches.",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "Park",
            "capacity": "5",
        },
    )
    assert response.status_code == 400
    assert "A task ends after it starts" in response.content.decode()
    assert VolunteerTask.objects.count() == 0


def test_a_citizen_cannot_offer_a_task(client, citizen, project):
    response = _as(client, citizen).get(f"/delivery/projects/{project.pk}/tasks/new/")
    assert response.status_code == 403


def test_the_calendar_holds_the_task(client, task):
    response = client.get("/delivery/tasks.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f"UID:task-{task.pk}@testserver" in response.content.decode()


def test_the_calendar_writes_the_tasks_start_in_utc(client, task):
    body = client.get("/delivery/tasks.ics").content.decode()
    assert f"DTSTART:{task.starts_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}" in body


def test_the_delivery_page_links_to_help_deliver_it(client, challenge, project):
    response = client.get(f"/challenges/{challenge.slug}/delivery/")
    assert f'href="/challenges/{challenge.slug}/delivery/help/"' in response.content.decode()


def test_a_check_in_for_a_sign_up_that_is_not_a_number_is_404(client, official, citizen, task):
    volunteering.task_signup(actor=citizen, task=task)
    move_task(task, starts_in=-dt.timedelta(minutes=30))
    response = _as(client, official).post(f"/delivery/tasks/{task.pk}/check-in/", {"signup": "abc"})
    assert response.status_code == 404
    assert TaskSignup.objects.get().status == "signed_up"
