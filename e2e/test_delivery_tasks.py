"""Co-delivery tasks: an official offers a task on a project, a resident signs up for it, the official moves it to
another place and the resident hears of it, the organiser checks them in with their hours once the task has begun,
and the resident finds the hours on "My volunteering"."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cocreate.delivery import actions
from cocreate.delivery.models import TaskSignup, VolunteerTask
from cocreate.delivery.tests.conftest import (
    challenge,  # noqa: F401  (fixture: a challenge whose delivery runs)
    move_task,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resident_volunteers_and_sees_the_hours_they_gave(
    page, new_page, challenge, official, citizen, with_second_factor, sign_in, axe_check, screenshot
):
    project = actions.project_create(
        actor=official, challenge=challenge, title="Shade trees", description="Trees for the square."
    )
    with_second_factor(official)
    sign_in(page, official)

    # The official offers a task from the project page
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="Offer a task for volunteers").click()
    starts = (timezone.localtime() + dt.timedelta(days=2)).replace(hour=9, minute=0)
    page.get_by_label("Title").fill("Planting morning")
    page.get_by_label("What volunteers will do").fill("Plant the trees with the parks team.")
    page.get_by_label("Starts at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends at").fill((starts + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Place", exact=True).fill("Market square")
    page.get_by_label("Places", exact=True).fill("4")
    page.get_by_label("Skills that help").fill("digging, carrying")
    axe_check(page)
    page.get_by_role("button", name="Offer the task").click()
    expect(page.get_by_text("The task is offered", exact=False)).to_be_visible()
    task = VolunteerTask.objects.get()

    # The resident signs up from the challenge's "Help deliver it" list
    resident = new_page()
    sign_in(resident, citizen)
    resident.goto(f"/challenges/{challenge.slug}/delivery/help/")
    axe_check(resident)
    screenshot(resident, "delivery-tasks-list")
    resident.get_by_role("link", name="Planting morning").click()
    expect(resident.get_by_text("4 of 4")).to_be_visible()
    resident.get_by_role("button", name="Sign up").click()
    expect(resident.get_by_text("You are signed up.", exact=False).first).to_be_visible()
    expect(resident.get_by_text("3 of 4")).to_be_visible()
    axe_check(resident)
    screenshot(resident, "delivery-task")
    assert TaskSignup.objects.get().status == "signed_up"

    # The official moves the task to the park; the resident hears of it and sees the new place
    page.goto(task.get_absolute_url())
    expect(page.get_by_text("Check-in opens on", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="Check people in")).to_have_count(0)
    page.get_by_role("link", name="Change the task").click()
    expect(page.get_by_label("Starts at")).to_have_value(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Place", exact=True).fill("City park, north gate")
    axe_check(page)
    page.get_by_role("button", name="Save the task").click()
    expect(page.get_by_text("The task was saved.", exact=False)).to_be_visible()
    resident.goto("/notifications/")
    expect(resident.get_by_text("changed the time or place", exact=False)).to_be_visible()
    resident.goto(task.get_absolute_url())
    expect(resident.get_by_text("City park, north gate")).to_be_visible()

    # The day comes: the organiser checks them in, attended, two and a half hours
    move_task(task, starts_in=-dt.timedelta(minutes=30))
    page.goto(task.get_absolute_url())
    page.get_by_role("link", name="Check people in").click()
    signup = TaskSignup.objects.get()
    page.locator(f"#id_s{signup.pk}-attended_0").check()
    page.locator(f"#id_s{signup.pk}-hours").fill("2.5")
    axe_check(page)
    screenshot(page, "delivery-task-check-in")
    page.get_by_role("button", name=f"Record for {citizen.public_name}").click()
    expect(page.get_by_text(f"Recorded for {citizen.public_name}.")).to_be_visible()
    signup.refresh_from_db()
    assert signup.status == "attended"

    # The resident sees the hours they gave, from their account pages
    resident.goto("/account/")
    resident.get_by_role("link", name="My volunteering").click()
    expect(resident.get_by_text("You gave 2.50 hours", exact=False)).to_be_visible()
    axe_check(resident)
    screenshot(resident, "delivery-my-volunteering")
