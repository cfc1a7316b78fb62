"""Fixtures of the voting tests: a challenge whose vote stage runs now, with a decision set up as each test needs."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from cocreate.decisions import codes
from cocreate.decisions.actions import decision_for_stage
from cocreate.decisions.models import Budget, Decision, Project, VotingCode, VotingCodeBatch


@dataclass
class Vote:
    decision: Decision
    budgets: list[Budget]
    projects: list[list[Project]]  # by budget

    def pks(self, budget_index: int = 0, *indexes) -> list[int]:
        projects = self.projects[budget_index]
        return [projects[i].pk for i in indexes]


@pytest.fixture
def make_vote(make_challenge_in):
    """``make_vote(ballot_type="approval", budgets=[("City", 100, "", [40, 30, 50])], **settings)``."""

    def make(ballot_type="approval", budgets=None, start=-1, end=10, **settings) -> Vote:
        challenge = make_challenge_in(stage="vote", start=start, end=end, title="Park improvements")
        decision = decision_for_stage(challenge.stages.get())
        decision.budgets.all().delete()
        decision.ballot_type = ballot_type
        for name, value in settings.items():
            setattr(decision, name, value)
        decision.save()
        made_budgets, made_projects = [], []
        for position, (name, amount, district, costs) in enumerate(budgets or [("City-wide", 100, "", [40, 30, 50])]):
            budget = Budget.objects.create(
                decision=decision, name=name, amount=Decimal(amount), district=district, position=position
            )
            made_budgets.append(budget)
            made_projects.append(
                [
                    Project.objects.create(
                        decision=decision, budget=budget, title=f"{name} project {n}", cost=Decimal(cost), position=n
                    )
                    for n, cost in enumerate(costs, start=1)
                ]
            )
        return Vote(decision, made_budgets, made_projects)

    return make


def make_codes(decision: Decision, count: int = 2, district: str = "") -> list[str]:
    """Printed codes for the decision, as the managing pages make them: the plain codes, their digests stored."""
    batch = VotingCodeBatch.objects.create(decision=decision, size=count, district=district)
    plain = [codes.new_code() for _ in range(count)]
    VotingCode.objects.bulk_create(VotingCode(batch=batch, decision=decision, digest=codes.digest(c)) for c in plain)
    return plain
