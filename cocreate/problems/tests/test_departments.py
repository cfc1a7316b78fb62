"""Triage across the department tree: routing to the nearest department with officials, boards that include
sub-departments, the department switcher, and the assign control on a problem's page."""

import pytest

from cocreate.organisations.actions import department_create, membership_grant
from cocreate.organisations.models import Membership
from cocreate.organisations.queries import responsible_department, staff_departments
from cocreate.problems import queries
from cocreate.problems.models import Category, Problem


@pytest.fixture
def roads(city, department):
    """Mobility (with an official) › Roads (nobody) › Bridges (nobody)."""
    return department_create(organisation=city, name="Roads", parent=department)


@pytest.fixture
def bridges(city, roads):
    return department_create(organisation=city, name="Bridges", parent=roads)


@pytest.fixture
def parks(city):
    return department_create(organisation=city, name="Parks")


@pytest.fixture
def bridge_category(city, bridges):
    return Category.objects.create(organisation=city, department=bridges, name="Bridges", code="bridges")


def login(client, user, with_second_factor):
    with_second_factor(user)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_report_to_a_department_without_officials_goes_to_the_nearest_one_up_the_tree(
    make_problem, bridge_category, department, official
):
    problem = make_problem(category=bridge_category)

    assert problem.department == department


@pytest.mark.django_db
def test_a_report_stays_with_its_department_when_that_department_has_officials(
    make_problem, bridge_category, bridges, make_user, city
):
    bridge_official = make_user()
    membership_grant(user=bridge_official, organisation=city, role=Membership.Role.OFFICIAL, department=bridges)

    problem = make_problem(category=bridge_category)

    assert problem.department == bridges


@pytest.mark.django_db
def test_the_nearest_department_with_officials_is_told_of_the_report(make_problem, bridge_category, official):
    problem = make_problem(category=bridge_category)

    assert list(official.notifications.filter(verb="problem.reported").values_list("target_url", flat=True)) == [
        problem.get_absolute_url()
    ]


@pytest.mark.django_db
def test_a_tree_without_any_official_keeps_the_department_routed_to(parks):
    assert responsible_department(parks) == parks


@pytest.mark.django_db
def test_a_parent_departments_board_shows_its_sub_departments_problems(
    make_problem, city, department, roads, make_user
):
    roads_official = make_user()
    membership_grant(user=roads_official, organisation=city, role=Membership.Role.OFFICIAL, department=roads)
    roads_category = Category.objects.create(organisation=city, department=roads, name="Kerbs", code="kerbs")
    make_problem(title="Broken kerb", category=roads_category)

    board = queries.triage_board(department)

    assert [p.title for p in board.new] == ["Broken kerb"]


@pytest.mark.django_db
def test_a_sub_departments_board_does_not_show_its_parents_problems(make_problem, roads):
    make_problem(title="Light out")  # Mobility's

    assert queries.triage_board(roads).new == []


@pytest.mark.django_db
def test_an_official_works_for_their_department_and_its_sub_departments(official, department, roads, bridges, parks):
    assert [(d.name, depth) for d, depth in staff_departments(official)] == [
        ("Mobility", 0),
        ("Roads", 1),
        ("Bridges", 2),
    ]


@pytest.mark.django_db
def test_an_organisation_administrator_works_for_every_department(org_admin, department, roads, parks):
    assert [d.name for d, _depth in staff_departments(org_admin)] == ["Mobility", "Roads", "Parks"]


@pytest.mark.django_db
def test_the_board_offers_a_switch_to_sub_departments(client, official, with_second_factor, department, roads, parks):
    login(client, official, with_second_factor)

    page = client.get(f"/manage/problems/departments/{department.pk}/").content.decode()

    assert 'id="department-switcher"' in page
    assert f'<option value="{roads.pk}">— Roads</option>' in page
    assert f'value="{parks.pk}"' not in page


@pytest.mark.django_db
def test_switching_department_opens_its_board(client, official, with_second_factor, roads):
    login(client, official, with_second_factor)

    response = client.get("/manage/problems/", {"department": roads.pk})

    assert response.status_code == 302
    assert response["Location"] == f"/manage/problems/departments/{roads.pk}/"


@pytest.mark.django_db
def test_switching_to_a_department_one_does_not_work_for_is_refused(client, official, with_second_factor, parks):
    login(client, official, with_second_factor)

    assert client.get("/manage/problems/", {"department": parks.pk}).status_code == 403


@pytest.mark.django_db
def test_switching_as_a_citizen_is_refused(client, citizen, department):
    client.force_login(citizen)

    assert client.get("/manage/problems/", {"department": department.pk}).status_code == 403


@pytest.mark.django_db
def test_the_waiting_count_covers_the_officials_departments_and_nothing_else(
    make_problem, official, city, parks, roads
):
    parks_category = Category.objects.create(organisation=city, department=parks, name="Trees", code="trees")
    roads_category = Category.objects.create(organisation=city, department=roads, name="Kerbs", code="kerbs")
    make_problem(title="Light out")
    make_problem(title="Kerb", category=roads_category)
    make_problem(title="Tree down", category=parks_category)  # Parks has no official: its administrators see it
    answered = make_problem(title="Answered")
    Problem.objects.filter(pk=answered.pk).update(status=Problem.Status.ACCEPTED)

    assert queries.waiting_for_triage_count(official) == 2


# The assign control on a problem's page.


@pytest.mark.django_db
def test_officials_see_the_assign_control_with_their_colleagues(
    client, official, org_admin, with_second_factor, make_problem
):
    problem = make_problem()
    login(client, official, with_second_factor)

    page = client.get(problem.get_absolute_url()).content.decode()

    assert f'action="/manage/problems/{problem.pk}/assign/"' in page
    assert f'<option value="{org_admin.pk}">Ada Admin</option>' in page
    assert "Nobody is assigned." in page


@pytest.mark.django_db
def test_citizens_and_moderators_do_not_see_the_assign_control(client, citizen, moderator, make_problem):
    problem = make_problem()
    for person in (citizen, moderator):
        client.force_login(person)
        assert "/assign/" not in client.get(problem.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_assigning_from_the_problem_page_comes_back_to_it(
    client, official, org_admin, with_second_factor, make_problem
):
    problem = make_problem()
    login(client, official, with_second_factor)

    response = client.post(
        f"/manage/problems/{problem.pk}/assign/", {"assignee": org_admin.pk, "next": problem.get_absolute_url()}
    )

    assert response["Location"] == problem.get_absolute_url()
    assert Problem.objects.get(pk=problem.pk).assigned_to == org_admin
    assert "Assigned to Ada Admin." in client.get(problem.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_moderator_cannot_assign(client, moderator, official, make_problem):
    problem = make_problem()
    client.force_login(moderator)

    response = client.post(f"/manage/problems/{problem.pk}/assign/", {"assignee": official.pk})

    assert response.status_code == 403
    assert Problem.objects.get(pk=problem.pk).assigned_to is None
