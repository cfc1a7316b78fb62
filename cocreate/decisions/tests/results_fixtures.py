"""Fixtures of the results tests: a vote with budgets, projects from designs, and ballots written directly."""

import itertools
from decimal import Decimal

import pytest

from cocreate.decisions.actions import decision_for_stage
from cocreate.decisions.models import Ballot, Budget, Decision, Project
from cocreate.decisions.sources import BallotSource, _sources, ballot_source, register_ballot_source
from cocreate.designs.models import Design

_receipts = itertools.count(1)


def add_ballot(decision, budget, choices, *, user=None, points=None, receipt=None):
    n = next(_receipts)
    return Ballot.objects.create(
        decision=decision,
        budget=budget,
        voter_key=f"u{user.pk}" if user else f"t{n}",
        user=user,
        receipt=receipt or f"r{n:06d}",
        choices=[p.pk if hasattr(p, "pk") else p for p in choices],
        points=points,
    )


def add_project(decision, budget, title, cost, *, source=None):
    return Project.objects.create(
        decision=decision,
        budget=budget,
        title=title,
        cost=Decimal(cost),
        source=source,
        position=budget.projects.count(),
    )


@pytest.fixture
def designs_on_ballot():
    """Designs go on ballots as the designs app registers them (registered here when this branch runs alone)."""
    if ballot_source(Design) is not None:
        yield
        return
    register_ballot_source(
        BallotSource(
            model="designs.design",
            candidates=lambda challenge: Design.objects.filter(challenge=challenge),
            cost=lambda design: None,
            selected_status=Design.Status.SELECTED,
            not_selected_status=Design.Status.NOT_SELECTED,
        )
    )
    yield
    _sources.pop("designs.design", None)


def make_design(challenge, author, title):
    design = Design(
        author=author,
        challenge=challenge,
        stage=challenge.active_stage(),
        organisation=challenge.organisation,
        title=title,
        summary=f"{title}, in short.",
        status=Design.Status.READY,
    )
    design.save()
    return design


@pytest.fixture
def vote(make_challenge_in, make_user):
    """An open vote with one budget of 100 and four projects; A, B, C come from designs."""
    challenge = make_challenge_in(stage="vote", title="Greener squares")
    decision = decision_for_stage(challenge.active_stage())
    budget = decision.budgets.get()
    budget.amount = Decimal(100)
    budget.name = "City-wide"
    budget.save()
    author = make_user(display_name="Dana Designer")
    projects = {}
    for title, cost in (("A", 60), ("B", 40), ("C", 50), ("D", 30)):
        source = make_design(challenge, author, f"Project {title}") if title != "D" else None
        projects[title] = add_project(decision, budget, f"Project {title}", cost, source=source)
    decision.refresh_from_db()
    return {"decision": decision, "budget": budget, "projects": projects, "author": author, "challenge": challenge}


@pytest.fixture
def selection(make_challenge_in, make_user):
    challenge = make_challenge_in(stage="selection", title="Quieter streets")
    decision = decision_for_stage(challenge.active_stage())
    assert decision.method == Decision.Method.SELECTION
    budget = Budget.objects.create(decision=decision, name="Projects", amount=Decimal(0))
    author = make_user(display_name="Sam Source")
    projects = [
        add_project(decision, budget, f"Street {n}", 10, source=make_design(challenge, author, f"Street {n}"))
        for n in (1, 2)
    ]
    return {"decision": decision, "projects": projects, "author": author}
