"""Staff in the browser: the staff strip with its counts, switching department on the triage board, assigning a
problem from its page, and an organisation administrator adding a department and a member."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from cocreate.moderation.actions import flag_add
from cocreate.organisations.actions import department_create, membership_grant
from cocreate.organisations.models import Department, Membership
from cocreate.problems.models import Category, Problem
from cocreate.problems.tests import conftest as problem_fixtures

lights = problem_fixtures.lights
make_problem = problem_fixtures.make_problem

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture
def shoot():
    """``shoot(page, name)``: the whole page at 1280 and at 375 pixels wide, into e2e/screenshots/."""

    def take(page, name):
        SCREENSHOTS.mkdir(exist_ok=True)
        original = page.viewport_size
        for width, label in ((1280, "1280"), (375, "375")):
            page.set_viewport_size({"width": width, "height": 800})
            page.screenshot(path=SCREENSHOTS / f"staff-{name}-{label}.png", full_page=True)
        page.set_viewport_size(original)

    return take


@pytest.fixture
def roads(city, department):
    return department_create(organisation=city, name="Roads", parent=department)


@pytest.fixture
def colleague(make_user, city, department):
    user = make_user(display_name="Carla Colleague")
    membership_grant(user=user, organisation=city, role=Membership.Role.OFFICIAL, department=department)
    return user


def test_the_staff_strip_shows_an_official_and_a_moderator_what_waits(
    page, new_page, official, moderator, citizen, make_problem, with_second_factor, sign_in, axe_check, shoot
):
    first = make_problem(title="Street light out on Elm Road")
    make_problem(title="Street light flickers on Oak Lane")
    flag_add(user=citizen, item=first, reason="spam")
    with_second_factor(official)

    sign_in(page, official)
    strip = page.get_by_role("navigation", name="Staff tools")
    expect(strip.get_by_role("link", name="2 problems wait for a first answer")).to_be_visible()
    expect(strip.get_by_role("link", name="Moderation")).to_have_count(0)
    axe_check(page)
    shoot(page, "strip-official")

    strip.get_by_role("link", name="Triage").click()
    page.wait_for_url("**/manage/problems/departments/*/")
    expect(strip.get_by_role("link", name="Triage")).to_have_attribute("aria-current", "page")

    moderator_page = new_page()
    sign_in(moderator_page, moderator)
    moderator_strip = moderator_page.get_by_role("navigation", name="Staff tools")
    expect(moderator_strip.get_by_role("link", name="1 report waits for a decision")).to_be_visible()
    moderator_strip.get_by_role("link", name="Moderation").click()
    moderator_page.wait_for_url("**/manage/moderation/")
    axe_check(moderator_page)


def test_an_official_switches_to_a_sub_departments_board(
    page, official, city, department, roads, make_problem, make_user, with_second_factor, sign_in, axe_check, shoot
):
    membership_grant(user=make_user(), organisation=city, role=Membership.Role.OFFICIAL, department=roads)
    kerbs = Category.objects.create(organisation=city, department=roads, name="Kerbs", code="kerbs")
    make_problem(title="Street light out on Elm Road")
    make_problem(title="Broken kerb on Mill Street", category=kerbs)
    with_second_factor(official)
    sign_in(page, official)

    page.goto(f"/manage/problems/departments/{department.pk}/")
    # A parent department's board shows its sub-departments' problems too.
    expect(
        page.get_by_role("link", name=f"{Problem.objects.get(title__startswith='Broken').pk}: Broken kerb")
    ).to_be_visible()
    axe_check(page)
    shoot(page, "triage-board")

    page.get_by_label("Department").select_option(label="— Roads")
    page.get_by_role("button", name="Show its board").click()
    page.wait_for_url(f"**/manage/problems/departments/{roads.pk}/")
    expect(page.get_by_role("heading", name="Triage: Roads", level=1)).to_be_visible()
    expect(page.get_by_text("Broken kerb on Mill Street")).to_be_visible()
    expect(page.get_by_text("Street light out on Elm Road")).to_have_count(0)
    axe_check(page)


def test_an_official_assigns_a_problem_from_its_page(
    page, official, colleague, make_problem, with_second_factor, sign_in, axe_check, shoot
):
    problem = make_problem(title="Street light out on Elm Road")
    with_second_factor(official)
    sign_in(page, official)

    page.goto(problem.get_absolute_url())
    expect(page.get_by_text("Nobody is assigned.")).to_be_visible()
    axe_check(page)
    page.get_by_label("Assign to").select_option(label="Carla Colleague")
    page.get_by_role("button", name="Assign", exact=True).click()
    page.wait_for_url(f"**{problem.get_absolute_url()}")
    expect(page.get_by_text("The problem was assigned.")).to_be_visible()
    expect(page.get_by_text("Assigned to Carla Colleague.")).to_be_visible()
    assert Problem.objects.get(pk=problem.pk).assigned_to == colleague
    axe_check(page)
    shoot(page, "assigned")


def test_an_organisation_administrator_adds_a_department_and_a_member(
    page, org_admin, city, department, make_user, with_second_factor, sign_in, axe_check, shoot
):
    newcomer = make_user(email="nina@example.org", display_name="Nina Newcomer")
    with_second_factor(org_admin)
    sign_in(page, org_admin)

    page.goto(city.get_absolute_url())
    page.get_by_role("link", name="Manage departments, partners and members").click()
    page.wait_for_url(f"**/manage/organisations/{city.slug}/")
    axe_check(page)

    # A sub-department of Mobility.
    page.get_by_label("Name", exact=True).fill("Cycle paths")
    page.get_by_label("Part of").select_option(label="Mobility")
    page.get_by_role("button", name="Add department").click()
    expect(page.get_by_text("The department “Cycle paths” was added.")).to_be_visible()
    cycle_paths = Department.objects.get(name="Cycle paths")
    assert cycle_paths.parent == department

    # An official without a department is refused beside the field, keeping what was typed.
    page.get_by_label("E-mail address of the person").fill("nina@example.org")
    page.get_by_label("Role", exact=True).select_option(label="Official")
    page.get_by_role("button", name="Give the role").click()
    expect(page.locator("#member-department_error")).to_contain_text("An official belongs to a department")
    expect(page.get_by_label("E-mail address of the person")).to_have_value("nina@example.org")
    axe_check(page)

    page.locator("#member-department").select_option(label="— Cycle paths")
    page.get_by_role("button", name="Give the role").click()
    expect(page.get_by_text("Nina Newcomer now holds the role “Official”.")).to_be_visible()
    assert Membership.objects.filter(user=newcomer, role="official", department=cycle_paths).count() == 1
    expect(page.get_by_role("cell", name="Nina Newcomer", exact=True)).to_be_visible()
    axe_check(page)
    shoot(page, "organisation")
