"""The demo city has a vote open for voting and one closed with published results; seeding twice adds nothing."""

import time

import pytest

from cocreate.core.registry import DemoContext
from cocreate.decisions import demo
from cocreate.decisions.models import Ballot, Decision, TallyRun

pytestmark = pytest.mark.django_db


def test_demo_decisions(city, department, admin_user, make_user):
    for n in range(6):
        make_user(email=f"resident{n}@demo.example.org")
    said = []
    context = DemoContext(say=said.append, warn=said.append, things={"city": city, "admin": admin_user})
    started = time.perf_counter()
    demo.seed_demo(context)
    print(f"demo decisions seeded in {time.perf_counter() - started:.2f} s")
    open_vote = Decision.objects.get(title=demo.OPEN)
    closed = Decision.objects.get(title=demo.CLOSED)
    assert open_vote.voting_open() and open_vote.results == Decision.Results.NONE
    assert [(b.name, b.projects.count()) for b in open_vote.budgets.all()] == [("City-wide", 3), ("Riverside", 3)]
    assert all(p.source is not None and p.cost > 0 for p in open_vote.projects.all())
    assert not closed.voting_open() and closed.results == Decision.Results.PUBLISHED
    assert Ballot.objects.filter(decision=closed).count() == 240
    run = TallyRun.objects.get(decision=closed, dry_run=False)
    assert run.status == TallyRun.Status.DONE and run.ballots_sha256
    assert closed.projects.filter(selected=True).count() == len(run.outcome["selected"]) > 0
    demo.seed_demo(context)
    assert Decision.objects.count() == 2 and len(said) == 2
