"""The public list of what a department owes an answer to past its due date, of every kind of contribution."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cocreate.engagement import actions
from cocreate.ideas.models import Idea
from cocreate.organisations.actions import department_create
from cocreate.problems.models import Category, Problem


def overdue_by(item, days: int):
    type(item).objects.filter(pk=item.pk).update(answer_due=timezone.localdate() - dt.timedelta(days=days))


def listed(response) -> list[tuple[str, str]]:
    return [(type(item).__name__, str(item)) for item in response.context["overdue"].items]


@pytest.fixture
def overdue_url(city, department):
    return reverse("engagement:department_overdue", args=[city.slug, department.slug])


@pytest.fixture
def elsewhere(city):
    """Another department of the same public body, with a category of its own."""
    parks = department_create(organisation=city, name="Parks")
    return Category.objects.create(organisation=city, department=parks, name="Broken benches", code="benches")


@pytest.mark.django_db
def test_the_page_lists_overdue_problems_and_ideas_of_the_department_oldest_first(
    client, overdue_url, make_problem, make_idea
):
    problem = make_problem(title="Street light out on Elm Road")
    idea = make_idea(title="Protected bike lanes on Station Road")
    make_problem(title="Not due yet")
    overdue_by(problem, 2)
    overdue_by(idea, 5)
    response = client.get(overdue_url)
    assert response.status_code == 200
    assert listed(response) == [
        ("Idea", "Protected bike lanes on Station Road"),
        ("Problem", "Street light out on Elm Road"),
    ]


@pytest.mark.django_db
def test_each_row_shows_the_kind_the_link_and_the_due_date(client, overdue_url, make_idea):
    idea = make_idea(title="Protected bike lanes on Station Road")
    overdue_by(idea, 3)
    due = timezone.localdate() - dt.timedelta(days=3)
    page = client.get(overdue_url).content.decode()
    assert "<td>Idea</td>" in page
    assert f'<a href="/ideas/{idea.pk}/">Protected bike lanes on Station Road</a>' in page
    assert f'<time datetime="{due:%Y-%m-%d}">' in page


@pytest.mark.django_db
def test_another_departments_overdue_problems_are_not_listed(client, overdue_url, make_problem, elsewhere):
    overdue_by(make_problem(title="Bench broken in the park", category=elsewhere), 2)
    assert listed(client.get(overdue_url)) == []


@pytest.mark.django_db
def test_another_departments_overdue_ideas_are_not_listed(client, overdue_url, make_idea, make_challenge_in, city):
    parks_challenge = make_challenge_in(title="Greener parks")
    parks_challenge.department = department_create(organisation=city, name="Parks")
    parks_challenge.save(update_fields=["department"])
    overdue_by(make_idea(title="More benches", challenge=parks_challenge), 2)
    assert listed(client.get(overdue_url)) == []


@pytest.mark.django_db
def test_hidden_contributions_are_not_listed(client, overdue_url, make_problem, make_idea):
    problem = make_problem(title="Hidden problem")
    idea = make_idea(title="Hidden idea")
    overdue_by(problem, 2)
    overdue_by(idea, 2)
    Problem.objects.filter(pk=problem.pk).update(is_hidden=True)
    Idea.objects.filter(pk=idea.pk).update(is_hidden=True)
    assert listed(client.get(overdue_url)) == []


@pytest.mark.django_db
def test_answered_contributions_are_not_listed(client, overdue_url, make_problem, make_idea, official):
    problem = make_problem(title="Answered problem")
    idea = make_idea(title="Answered idea")
    overdue_by(problem, 2)
    overdue_by(idea, 2)
    actions.status_change(actor=official, target=problem, status="under_review", answer="We are looking into it.")
    actions.status_change(actor=official, target=idea, status="accepted", answer="We will build it.")
    assert listed(client.get(overdue_url)) == []


@pytest.mark.django_db
def test_items_of_a_challenge_the_visitor_may_not_see_are_not_listed(
    client, overdue_url, make_problem, make_idea, make_challenge_in, citizen
):
    private = make_challenge_in(visibility="invited", title="Staff only")
    private_exploration = make_challenge_in(stage="exploration", visibility="invited", title="Staff canteen")
    private.invited.add(citizen)
    private_exploration.invited.add(citizen)
    overdue_by(make_idea(title="Staff canteen idea", author=citizen, challenge=private), 2)
    problem = make_problem(title="Canteen is too small", author=citizen, challenge=private_exploration, category=None)
    overdue_by(problem, 2)
    assert listed(client.get(overdue_url)) == []


@pytest.mark.django_db
def test_an_invited_member_sees_the_items_of_the_challenges_they_were_invited_to(
    client, overdue_url, make_problem, make_idea, make_challenge_in, citizen
):
    private = make_challenge_in(visibility="invited", title="Staff only")
    private_exploration = make_challenge_in(stage="exploration", visibility="invited", title="Staff canteen")
    private.invited.add(citizen)
    private_exploration.invited.add(citizen)
    overdue_by(make_idea(title="Staff canteen idea", author=citizen, challenge=private), 3)
    problem = make_problem(title="Canteen is too small", author=citizen, challenge=private_exploration, category=None)
    overdue_by(problem, 2)
    client.force_login(citizen)
    assert listed(client.get(overdue_url)) == [("Idea", "Staff canteen idea"), ("Problem", "Canteen is too small")]


@pytest.mark.django_db
def test_withdrawn_ideas_are_not_listed(client, overdue_url, make_idea, citizen):
    from cocreate.ideas.actions import idea_withdraw

    idea = make_idea(title="Withdrawn idea", author=citizen)
    overdue_by(idea, 2)
    idea_withdraw(actor=citizen, idea=idea)
    assert listed(client.get(overdue_url)) == []


@pytest.mark.django_db
def test_an_unknown_department_is_not_found(client, city):
    assert client.get(reverse("engagement:department_overdue", args=[city.slug, "nowhere"])).status_code == 404


@pytest.mark.django_db
def test_the_public_bodys_page_links_to_each_departments_overdue_answers(client, city, overdue_url):
    page = client.get(city.get_absolute_url()).content.decode()
    assert f'href="{overdue_url}"' in page


@pytest.mark.django_db
def test_the_api_lists_the_departments_overdue_public_contributions(client, city, department, make_problem, make_idea):
    problem = make_problem(title="Street light out on Elm Road")
    idea = make_idea(title="Protected bike lanes on Station Road")
    overdue_by(problem, 2)
    overdue_by(idea, 5)
    response = client.get(f"/api/v1/engagement/departments/{city.slug}/{department.slug}/overdue")
    assert response.status_code == 200
    assert response.json() == [
        {
            "kind": "idea",
            "id": idea.pk,
            "title": "Protected bike lanes on Station Road",
            "status": "submitted",
            "answer_due": (timezone.localdate() - dt.timedelta(days=5)).isoformat(),
            "url": f"/ideas/{idea.pk}/",
        },
        {
            "kind": "problem",
            "id": problem.pk,
            "title": "Street light out on Elm Road",
            "status": "submitted",
            "answer_due": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
            "url": f"/problems/{problem.pk}/",
        },
    ]


@pytest.mark.django_db
def test_the_api_does_not_find_an_unknown_department(client, city):
    assert client.get(f"/api/v1/engagement/departments/{city.slug}/nowhere/overdue").status_code == 404
