"""Reads the voting pages and API need: a voter's current ballot, and the projects on the ballot by budget."""

from cocreate.core.compiled import CompiledQuery
from cocreate.core.errors import NotFound

from .models import Ballot, Budget, Decision, Project


def _decision_with_fingerprint(pk):
    from .voting import with_ballot_fingerprint

    return with_ballot_fingerprint(Decision.objects.select_related("stage", "challenge")).filter(pk=pk).order_by()


# Every ballot cast reads its decision: compiled once per process (see cocreate.core.compiled). No decision has a
# negative primary key.
_DECISION_FOR_VOTING = CompiledQuery(_decision_with_fingerprint, pk=-7_340_213)


def decision_for_voting(pk: int, user) -> Decision:
    """The decision, if ``user`` may see it, with what tells whether a cached ballot paper is current."""
    decision = _DECISION_FOR_VOTING.first(pk=pk)
    if decision is None or not user.has_perm("decisions.view_decision", decision):
        raise NotFound()
    return decision


def ballots_of(decision: Decision, voter_key: str) -> dict[int, Ballot]:
    """The voter's current ballot in each budget they voted in, by budget pk."""
    return {b.budget_id: b for b in Ballot.objects.filter(decision=decision, voter_key=voter_key).order_by("budget_id")}


def budgets_with_projects(decision: Decision) -> list[Budget]:
    """The decision's budgets in their order, each with ``ballot_projects``: its projects in ballot order."""
    budgets = list(Budget.objects.filter(decision=decision).order_by("position", "pk"))
    by_budget: dict[int, list[Project]] = {b.pk: [] for b in budgets}
    for project in Project.objects.filter(decision=decision).order_by("position", "pk"):
        by_budget.setdefault(project.budget_id, []).append(project)
    for budget in budgets:
        budget.ballot_projects = by_budget[budget.pk]
    return budgets
