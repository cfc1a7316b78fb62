"""The JSON API of decisions: results, the published files' checksums, and receipt checks. Nothing is counted in
public while voting is open (unless the decision shows live counts): those calls answer 403 ``counts_hidden``."""

from typing import Any

from django.urls import reverse
from ninja import Router, Schema

from . import results_queries
from .errors import CountsHidden
from .models import Decision
from .views import decision_for_page

router = Router()


class ProjectResultOut(Schema):
    id: str  # the project's id in the published ballots file
    project: int | None
    title: str
    cost: float
    supporters: int
    selected: bool
    effective_support: float | None = None
    why_not: dict[str, Any] | None = None


class FilesOut(Schema):
    budget: int
    ballots_url: str
    ballots_sha256: str
    tally_url: str
    tally_sha256: str


class BudgetResultOut(Schema):
    budget: int
    name: str
    amount: float
    rule: str
    ballots: int
    selected: list[str]
    projects: list[ProjectResultOut]
    voters_without_any: int
    comparison: dict[str, Any] | None = None
    files: FilesOut


class SelectionOut(Schema):
    project: int
    title: str
    selected: bool | None
    reason: str


class ResultsOut(Schema):
    decision: int
    method: str
    results: str
    published_at: str | None
    budgets: list[BudgetResultOut] = []
    selection: list[SelectionOut] = []
    live_counts: dict[str, int] | None = None


class ReceiptBallotOut(Schema):
    budget: int
    line: str
    projects: list[str]


class ReceiptOut(Schema):
    receipt: str
    found: bool
    ballots: list[ReceiptBallotOut]


def _files(decision, run) -> dict:
    return {
        "budget": run.budget_id,
        "ballots_url": reverse("decisions:download_ballots", args=[decision.pk, run.budget_id]),
        "ballots_sha256": run.ballots_sha256,
        "tally_url": reverse("decisions:download_tally", args=[decision.pk, run.budget_id]),
        "tally_sha256": run.tally_sha256,
    }


def _published(decision):
    if decision.results != Decision.Results.PUBLISHED:
        raise CountsHidden()


@router.get("/{int:decision_id}", response=ResultsOut)
def results(request, decision_id: int):
    decision = decision_for_page(decision_id, request.user)
    out = {
        "decision": decision.pk,
        "method": decision.method,
        "results": decision.results,
        "published_at": decision.results_published_at.isoformat() if decision.results_published_at else None,
    }
    if decision.results != Decision.Results.PUBLISHED:
        if decision.is_vote and decision.live_counts:
            out["live_counts"] = {str(pk): n for pk, n in results_queries.live_counts(decision).items()}
            return out
        raise CountsHidden()
    if not decision.is_vote:
        out["selection"] = [
            {"project": p.pk, "title": p.title, "selected": p.selected, "reason": p.reason}
            for p in decision.projects.all()
        ]
        return out
    out["budgets"] = [
        {
            "budget": run.budget_id,
            "name": run.budget.name,
            "amount": float(run.budget.amount),
            "rule": run.rule,
            "ballots": run.ballot_count,
            "selected": run.outcome.get("selected", []),
            "projects": [
                {
                    "id": pid,
                    "project": entry.get("pk"),
                    "title": entry.get("name", ""),
                    "cost": entry.get("cost", 0),
                    "supporters": entry.get("supporters", 0),
                    "selected": entry.get("selected", False),
                    "effective_support": entry.get("effective_support"),
                    "why_not": entry.get("why_not"),
                }
                for pid, entry in run.outcome.get("projects", {}).items()
            ],
            "voters_without_any": run.outcome.get("voters_without_any", 0),
            "comparison": run.outcome.get("comparison"),
            "files": _files(decision, run),
        }
        for run in results_queries.published_runs(decision)
    ]
    return out


@router.get("/{int:decision_id}/files", response=list[FilesOut])
def files(request, decision_id: int):
    """The published ballots and tally files of each budget, with their SHA-256."""
    decision = decision_for_page(decision_id, request.user)
    _published(decision)
    return [_files(decision, run) for run in results_queries.published_runs(decision)]


@router.get("/{int:decision_id}/receipts/{receipt}", response=ReceiptOut)
def receipt(request, decision_id: int, receipt: str):
    """Whether the ballot with this receipt is in the published ballots (spaces removed, case ignored)."""
    decision = decision_for_page(decision_id, request.user)
    _published(decision)
    found = results_queries.receipt_lookup(decision, receipt[:200])
    return {
        "receipt": results_queries.normalise_receipt(receipt),
        "found": bool(found),
        "ballots": [
            {"budget": item["budget"].pk, "line": item["line"], "projects": [p["id"] for p in item["projects"]]}
            for item in found
        ],
    }
