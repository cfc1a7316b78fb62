"""Budgets and projects on the ballot: from the challenge's designs and ideas, or added directly; locked once ballots
name them."""

from decimal import Decimal

import pytest

from cocreate.core.errors import NotPermitted

from ..errors import BudgetHasBallots, NotACandidate, ProjectOnBallots
from ..manage_actions import budget_update, project_add_from_source, project_remove, project_update
from ..models import Ballot, Budget, Project
from .manage_fixtures import *  # noqa: F403  (the fixtures)
from .manage_fixtures import make_ready_design

pytestmark = pytest.mark.django_db


def test_an_official_adds_a_district_budget(signed_in, official, decision):
    client = signed_in(official)
    response = client.post(
        f"/decisions/{decision.pk}/manage/budgets/",
        {"budget-name": "Riverside", "budget-amount": "25000", "budget-district": "Riverside"},
    )
    assert response.status_code == 302
    assert list(decision.budgets.values_list("name", "amount", "district")) == [
        ("City-wide", Decimal("100000.00"), ""),
        ("Riverside", Decimal("25000.00"), "Riverside"),
    ]


def test_a_negative_budget_is_refused_with_what_was_typed(signed_in, official, decision):
    response = signed_in(official).post(
        f"/decisions/{decision.pk}/manage/budgets/",
        {"budget-name": "Riverside", "budget-amount": "-5", "budget-district": ""},
    )
    assert response.status_code == 400
    assert 'value="Riverside"' in response.content.decode()
    assert decision.budgets.count() == 1


def test_a_budget_amount_is_locked_once_ballots_are_cast_in_it(official, decision, budget):
    Ballot.objects.create(decision=decision, budget=budget, voter_key="u1", receipt="r1", choices=[])
    with pytest.raises(BudgetHasBallots):
        budget_update(actor=official, budget=budget, name="City-wide", amount=Decimal("1"))
    budget_update(actor=official, budget=budget, name="The whole city", amount=budget.amount)
    budget.refresh_from_db()
    assert (budget.name, budget.amount) == ("The whole city", Decimal("100000.00"))


def test_a_budget_without_ballots_is_removed_with_its_projects(signed_in, official, decision, budget):
    Project.objects.create(decision=decision, budget=budget, title="Trees", cost=10)
    response = signed_in(official).post(f"/decisions/{decision.pk}/manage/budgets/{budget.pk}/delete/")
    assert response.status_code == 302
    assert Budget.objects.count() == 0
    assert Project.objects.count() == 0


def test_designs_ready_for_a_decision_and_accepted_ideas_go_on_the_ballot_with_their_lineage(
    signed_in, official, decision, budget, ready_design, accepted_idea, vote_challenge, make_user
):
    draft = make_ready_design(vote_challenge, make_user(), title="Still a draft")
    draft.status = "drafting"
    draft.save()
    client = signed_in(official)
    page = client.get(f"/decisions/{decision.pk}/manage/projects/").content.decode()
    assert "Covered bike racks" in page
    assert "Benches on Market Square" in page
    assert "Still a draft" not in page
    response = client.post(
        f"/decisions/{decision.pk}/manage/projects/from-sources/",
        {
            "sources-items": [f"designs.design:{ready_design.pk}", f"ideas.idea:{accepted_idea.pk}"],
            "sources-budget": budget.pk,
        },
    )
    assert response.status_code == 302
    design_project, idea_project = Project.objects.order_by("position")
    assert (design_project.title, design_project.cost, design_project.source) == (
        "Covered bike racks",
        Decimal("30000.00"),
        ready_design,
    )
    assert (idea_project.title, idea_project.cost, idea_project.source) == (
        "Benches on Market Square",
        Decimal("0.00"),
        accepted_idea,
    )
    assert design_project.added_by == official
    # on the ballot once: the page no longer offers them, and adding again is refused
    page = client.get(f"/decisions/{decision.pk}/manage/projects/").content.decode()
    assert f'value="designs.design:{ready_design.pk}"' not in page
    with pytest.raises(NotACandidate):
        project_add_from_source(actor=official, decision=decision, budget=budget, item=ready_design)
    assert Project.objects.count() == 2


def test_a_draft_design_cannot_be_put_on_the_ballot(official, decision, budget, ready_design):
    ready_design.status = "drafting"
    ready_design.save()
    with pytest.raises(NotACandidate):
        project_add_from_source(actor=official, decision=decision, budget=budget, item=ready_design)
    assert Project.objects.count() == 0


def test_choosing_nothing_says_so(signed_in, official, decision, budget, ready_design):
    response = signed_in(official).post(
        f"/decisions/{decision.pk}/manage/projects/from-sources/", {"sources-budget": budget.pk}
    )
    assert response.status_code == 400
    assert "Choose at least one design or idea." in response.content.decode()


def test_an_official_adds_edits_and_removes_a_project_directly(signed_in, official, decision, budget):
    client = signed_in(official)
    response = client.post(
        f"/decisions/{decision.pk}/manage/projects/new/",
        {
            "project-title": "Drinking fountain",
            "project-description": "In the park.",
            "project-cost": "8000",
            "project-budget": budget.pk,
            "project-district": "Riverside",
            "project-category": "Parks",
        },
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.title, project.cost, project.district, project.category, project.source) == (
        "Drinking fountain",
        Decimal("8000.00"),
        "Riverside",
        "Parks",
        None,
    )
    response = client.post(
        f"/decisions/{decision.pk}/manage/projects/{project.pk}/",
        {"project-title": "Two drinking fountains", "project-cost": "15000", "project-budget": budget.pk},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.cost, project.district) == ("Two drinking fountains", Decimal("15000.00"), "")
    response = client.post(f"/decisions/{decision.pk}/manage/projects/{project.pk}/remove/")
    assert response.status_code == 302
    assert Project.objects.count() == 0


def test_a_project_named_on_a_ballot_cannot_be_changed_or_removed(signed_in, official, decision, budget):
    named = Project.objects.create(decision=decision, budget=budget, title="Trees", cost=10)
    other = Project.objects.create(decision=decision, budget=budget, title="Lights", cost=10)
    Ballot.objects.create(decision=decision, budget=budget, voter_key="u1", receipt="r1", choices=[named.pk])
    with pytest.raises(ProjectOnBallots):
        project_update(actor=official, project=named, cost=Decimal("99"))
    with pytest.raises(ProjectOnBallots):
        project_remove(actor=official, project=named)
    client = signed_in(official)
    page = client.get(f"/decisions/{decision.pk}/manage/projects/{named.pk}/").content.decode()
    assert "Ballots name this project" in page
    response = client.post(
        f"/decisions/{decision.pk}/manage/projects/{named.pk}/remove/",
    )
    assert response.status_code == 409
    named.refresh_from_db()
    assert named.cost == Decimal("10.00")
    project_update(actor=official, project=other, cost=Decimal("12"))  # not named: still free
    other.refresh_from_db()
    assert other.cost == Decimal("12.00")


@pytest.mark.parametrize("who", ["citizen", "other_official"])
def test_people_who_do_not_run_the_decision_cannot_touch_its_ballot(
    request, signed_in, decision, budget, ready_design, who
):
    user = request.getfixturevalue(who)
    project = Project.objects.create(decision=decision, budget=budget, title="Trees", cost=10)
    client = signed_in(user)
    base = f"/decisions/{decision.pk}/manage"
    attempts = [
        (f"{base}/budgets/", {"budget-name": "Mine", "budget-amount": "5"}),
        (f"{base}/budgets/{budget.pk}/", {"budget-name": "Mine", "budget-amount": "5"}),
        (f"{base}/budgets/{budget.pk}/delete/", {}),
        (f"{base}/projects/new/", {"project-title": "Mine", "project-cost": "1", "project-budget": budget.pk}),
        (f"{base}/projects/from-sources/", {"sources-items": f"designs.design:{ready_design.pk}"}),
        (f"{base}/projects/{project.pk}/", {"project-title": "Mine", "project-cost": "1", "project-budget": budget.pk}),
        (f"{base}/projects/{project.pk}/remove/", {}),
    ]
    for url, data in attempts:
        assert client.post(url, data).status_code == 403, url
    assert list(Budget.objects.values_list("name", "amount")) == [("City-wide", Decimal("100000.00"))]
    assert list(Project.objects.values_list("title", "cost")) == [("Trees", Decimal("10.00"))]
    with pytest.raises(NotPermitted):
        project_add_from_source(actor=user, decision=decision, budget=budget, item=ready_design)
