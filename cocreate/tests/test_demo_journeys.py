import io

import pytest
from django.core.management import call_command

from cocreate.accounts.models import User
from cocreate.activity.models import Link
from cocreate.activity.queries import journey
from cocreate.ideas.models import Idea
from cocreate.problems.models import Problem


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())
    return User.objects.get(email="admin@northbridge.example.org")


@pytest.mark.django_db
def test_every_demo_idea_and_every_demo_problem_in_or_framed_into_a_challenge_has_a_journey(seeded):
    ideas = list(Idea.objects.all())
    problems = list(Problem.objects.filter(challenge__isnull=False))
    assert ideas
    assert problems
    assert [str(idea) for idea in ideas if len(journey(idea, user=seeded)) < 2] == []
    assert [str(problem) for problem in problems if len(journey(problem, user=seeded)) < 2] == []
    # The housing-benefit challenge was framed from city-wide reports (seeding takes long: one test for both).
    framed = Problem.objects.filter(pk__in=Link.objects.filter(kind="framed_as").values("source_id"))
    assert framed.count() == 5
    assert set(framed.values_list("challenge", flat=True)) == {None}
    assert set(framed.values_list("category__code", flat=True)) == {"benefits"}
    assert [len(journey(problem, user=seeded)) > 1 for problem in framed] == [True] * 5
