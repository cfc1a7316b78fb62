"""Counting a decision's ballots with the exact engines of :mod:`cocreate.sensemaking.pb`.

:func:`count` reads one budget's ballots from the database (or every budget's, for a decision), runs the decision's
rule, and stores a :class:`~cocreate.decisions.models.TallyRun` with:

* ``outcome``: what the results page reads: the selected projects; for each project, its supporters, its effective
  support and, when it was not selected, why (what its supporters' share was spent on); the comparison with greedy
  (how many voters got none of their projects under each rule); the rounds of equal shares, from which a voter's
  share can be followed;
* ``ballots_file``: the anonymised ballots as a Pabulib ``.pb`` file (the voter id is the voter's receipt, ballots in
  receipt order, nothing else about the voter);
* ``tally_file``: the tally as JSON, with the engine's step-by-step report;
* the SHA-256 of each file, as stored (UTF-8).

Anyone can recompute the tally from the ballots file with ``cocreate-sense pb-tally FILE.pb --rule RULE`` or with
pabutools.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from decimal import Decimal
from fractions import Fraction

from django.db import connection, transaction
from django.utils import timezone

from cocreate.sensemaking.errors import SensemakingError
from cocreate.sensemaking.pb import Ballot as FileBallot
from cocreate.sensemaking.pb import Election, equal_shares, greedy, write_pb
from cocreate.sensemaking.pb import Project as FileProject
from cocreate.sensemaking.pb_io import APPROVAL, CUMULATIVE, ORDINAL, POINT_TYPES

from .models import Ballot, Budget, Decision, TallyRun

TALLY_FORMAT = "cocreate-tally/1"

VOTE_TYPES = {
    Decision.BallotType.APPROVAL: APPROVAL,
    Decision.BallotType.KNAPSACK: APPROVAL,  # a budget ballot approves the projects it chooses
    Decision.BallotType.CUMULATIVE: CUMULATIVE,
    Decision.BallotType.RANKED: ORDINAL,
}


class CountFailed(Exception):
    """The ballots cannot be counted (e.g. a project costs more than its budget); the message says why."""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _fraction(value: Decimal) -> Fraction:
    return Fraction(str(value))


def election_for(budget: Budget) -> tuple[Election, dict[str, int]]:
    """The budget's election as the engines read it, with its anonymised ballots (voter id = receipt, in receipt
    order), and the map from file ids to project primary keys."""
    decision = budget.decision
    vote_type = VOTE_TYPES[decision.ballot_type]
    projects = list(budget.projects.order_by("position", "pk"))
    file_ids = {project.pk: project.file_id for project in projects}
    file_projects = {
        project.file_id: FileProject(
            cost=_fraction(project.cost),
            name=project.title,
            extra={"category": project.category, "district": project.district},
        )
        for project in projects
    }
    points_ballots = vote_type in POINT_TYPES
    ballots = []
    receipts, choices_list, points_list = _ballot_rows(budget, with_points=points_ballots)
    for position, (receipt, choices) in enumerate(zip(receipts, choices_list, strict=True)):
        ids = [file_ids[pk] for pk in choices or () if pk in file_ids]
        if points_ballots:
            given = points_list[position] or []
            pairs = dict(zip(ids, (Fraction(int(g)) for g in given), strict=False))  # a repeat keeps its last points
            ballots.append(FileBallot(voter_id=receipt, projects=tuple(pairs), points=tuple(pairs.values()), extra={}))
            continue
        if len(set(ids)) != len(ids):
            ids = list(dict.fromkeys(ids))
        ballots.append(FileBallot(voter_id=receipt, projects=tuple(ids), points=None, extra={}))
    meta = {
        "description": decision.title,
        "country": "",
        "unit": budget.name,
        "instance": str(decision.pk),
        "district": budget.district,
        "num_projects": str(len(file_projects)),
        "num_votes": str(len(ballots)),
        "budget": str(budget.amount),
        "vote_type": vote_type,
        "rule": {"greedy": "greedyutil", "mes": "equalshares", "mes-complete": "equalshares/add1"}[decision.rule],
        "currency": decision.currency,
    }
    if decision.ballot_type in (Decision.BallotType.APPROVAL, Decision.BallotType.RANKED):
        meta["min_length"] = str(decision.min_choices)
        if decision.max_choices:
            meta["max_length"] = str(decision.max_choices)
    if decision.ballot_type == Decision.BallotType.CUMULATIVE:
        meta["max_sum_points"] = str(decision.points_per_voter)
        if decision.max_points_per_project:
            meta["max_points"] = str(decision.max_points_per_project)
    meta = {key: value for key, value in meta.items() if value != ""}
    election = Election(
        meta=meta,
        projects=file_projects,
        ballots=ballots,
        vote_type=vote_type,
        budget=_fraction(budget.amount),
        project_columns=["project_id", "cost", "name", "category", "district"],
        vote_columns=["voter_id", "vote"] + (["points"] if points_ballots else []),
    )
    return election, {fid: pk for pk, fid in file_ids.items()}


def _ballot_rows(budget: Budget, *, with_points: bool) -> tuple[list[str], list[list[int]], list]:
    """The budget's ballots in receipt order (code-point order, the same on every database): receipts, choices and
    points. Read as text and decoded as one JSON document, which is many times faster than row by row."""
    table = connection.ops.quote_name(Ballot._meta.db_table)
    as_text = "::text" if connection.vendor == "postgresql" else ""
    columns = f"receipt, choices{as_text}" + (f", points{as_text}" if with_points else "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE budget_id = %s", [budget.pk])  # noqa: S608
        rows = cursor.fetchall()
    rows.sort(key=lambda row: row[0])
    receipts = [row[0] for row in rows]
    choices = json.loads("[" + ",".join(row[1] or "[]" for row in rows) + "]")
    points = json.loads("[" + ",".join(row[2] or "null" for row in rows) + "]") if with_points else []
    return receipts, choices, points


def run_rule(election: Election, rule: str):
    if rule == Decision.Rule.GREEDY:
        return greedy(election)
    return equal_shares(election, complete=rule == Decision.Rule.MES_COMPLETE)


def _voters_without_any(ballot_sets: Counter, selected: set[str]) -> int:
    return sum(count for projects, count in ballot_sets.items() if projects and not (selected & projects))


def outcome_of(election: Election, tally, pks: dict[str, int], *, comparison=None) -> dict:
    """What the results page shows, from the engine's tally (see the module docstring)."""
    ballot_sets = Counter()
    for projects, count_ in Counter(b.projects for b in election.ballots).items():
        ballot_sets[frozenset(projects)] += count_
    supporters = Counter()
    for projects, count in ballot_sets.items():
        for pid in projects:
            supporters[pid] += count
    selected = set(tally.selected)
    phase_of = {}
    rho_of = {}
    why_not = {}
    rounds = []
    for step in tally.steps:
        pid = step.get("project")
        if step.get("action") == "funded" and pid not in phase_of:
            phase_of[pid] = step.get("phase")
            if step.get("phase") == "mes" and "rho" in step:
                rho_of[pid] = step["rho"]
                rounds.append({"project": pid, "rho": step["rho"]})
        elif step.get("action") == "not_funded" or (step.get("action") == "skipped" and pid not in why_not):
            why_not[pid] = step
    projects = {}
    for pid, project in election.projects.items():
        cost = float(project.cost)
        entry = {
            "pk": pks.get(pid),
            "name": project.name,
            "cost": cost,
            "supporters": supporters.get(pid, 0),
            "selected": pid in selected,
            "funded_by": phase_of.get(pid),
        }
        step = why_not.get(pid)
        if pid in selected:
            entry["effective_support"] = 100.0
        elif step and "supporters_money_left" in step and cost > 0:
            entry["effective_support"] = round(100 * step["supporters_money_left"] / cost, 1)
        elif tally.rule == Decision.Rule.GREEDY or not supporters.get(pid):
            entry["effective_support"] = None if supporters.get(pid) else 0.0
        if step and pid not in selected:
            entry["why_not"] = {
                "reason": step.get("reason", ""),
                "supporters_money_left": step.get("supporters_money_left"),
                "budget_left": step.get("budget_left"),
                "spent_on": [
                    {**item, "name": election.projects[item["project"]].name, "pk": pks.get(item["project"])}
                    for item in step.get("spent_on", [])[:3]
                ],
            }
        projects[pid] = entry
    outcome = {
        "rule": tally.rule,
        "vote_type": election.vote_type,
        "budget": float(election.budget),
        "ballots": len(election.ballots),
        "cost": float(tally.cost),
        "selected": list(tally.selected),
        "selected_pks": [pks[pid] for pid in tally.selected if pid in pks],
        "per_voter": None if tally.per_voter is None else float(tally.per_voter),
        "rounds": rounds,
        "projects": projects,
        "voters_without_any": _voters_without_any(ballot_sets, selected),
        "empty_ballots": ballot_sets.get(frozenset(), 0),
    }
    if comparison is not None:
        outcome["comparison"] = {
            "rule": comparison.rule,
            "selected": list(comparison.selected),
            "cost": float(comparison.cost),
            "voters_without_any": _voters_without_any(ballot_sets, set(comparison.selected)),
        }
    return outcome


def share_of(outcome: dict, choices: list[str], points: list | None = None) -> list[dict]:
    """Where one voter's share went under equal shares: for each round that funded a project on their ballot, what
    they paid (the round's price times what the project was worth to them, or all they had left), and what was left
    at the end (``project`` None). Empty for greedy."""
    per_voter = outcome.get("per_voter")
    if per_voter is None:
        return []
    projects = outcome["projects"]
    worth = {}
    for position, pid in enumerate(choices):
        if outcome["vote_type"] == ORDINAL:
            worth[pid] = len(choices) - position - 1
        elif outcome["vote_type"] in POINT_TYPES:
            worth[pid] = float(points[position]) if points and position < len(points) else 0
        else:
            worth[pid] = projects[pid]["cost"] if pid in projects else 0
    left = per_voter
    spent = []
    for step in outcome["rounds"]:
        pid = step["project"]
        if pid not in worth or worth[pid] <= 0:
            continue
        paid = min(left, step["rho"] * worth[pid])
        left -= paid
        spent.append({"project": pid, "name": projects[pid]["name"], "pk": projects[pid]["pk"], "paid": paid})
    spent.append({"project": None, "name": "", "pk": None, "paid": max(left, 0.0)})
    return spent


def count(target, *, rule: str | None = None, dry_run: bool = False, requested_by=None) -> list[TallyRun]:
    """Count a budget's ballots (or each budget of a decision) with ``rule`` (the decision's by default) and store
    one finished :class:`TallyRun` per budget. A budget keeps one official count (``dry_run=False``): a new one
    replaces the old. A count that cannot be made is stored as failed, with the reason."""
    budgets = [target] if isinstance(target, Budget) else list(target.budgets.select_related("decision"))
    return [count_budget(budget, rule=rule, dry_run=dry_run, requested_by=requested_by) for budget in budgets]


def count_budget(budget: Budget, *, rule=None, dry_run=False, requested_by=None, run: TallyRun | None = None):
    decision = budget.decision
    rule = rule or decision.rule
    if run is None:
        run = TallyRun.objects.create(
            decision=decision,
            budget=budget,
            rule=rule,
            dry_run=dry_run,
            status=TallyRun.Status.RUNNING,
            requested_by=requested_by,
        )
    try:
        election, pks = election_for(budget)
        tally = run_rule(election, rule)
        comparison = greedy(election) if rule != Decision.Rule.GREEDY else None
    except SensemakingError as error:
        return _failed(run, str(error))
    ballots_file = write_pb(election)
    ballots_sha = sha256(ballots_file)
    outcome = outcome_of(election, tally, pks, comparison=comparison)
    tally_file = json.dumps(
        {
            "format": TALLY_FORMAT,
            "decision": decision.pk,
            "budget": {"id": budget.pk, "name": budget.name, "amount": str(budget.amount)},
            "rule": rule,
            "ballots_sha256": ballots_sha,
            "ballots": len(election.ballots),
            "recompute": f"cocreate-sense pb-tally BALLOTS.pb --rule {rule}",
            "tally": tally.to_dict(),
            "report": tally.report(),
            "greedy_for_comparison": None if comparison is None else comparison.to_dict()["selected"],
        },
        ensure_ascii=False,
        indent=1,
    )
    run.ballot_count = len(election.ballots)
    run.outcome = outcome
    run.ballots_file = ballots_file
    run.ballots_sha256 = ballots_sha
    run.tally_file = tally_file
    run.tally_sha256 = sha256(tally_file)
    run.status = TallyRun.Status.DONE
    run.finished_at = timezone.now()
    run.error = ""
    with transaction.atomic():
        if not run.dry_run:  # a newer published count replaces an older one (a recount of a failed close)
            TallyRun.objects.filter(budget=budget, dry_run=False, status=TallyRun.Status.DONE).exclude(
                pk=run.pk
            ).delete()
        run.save()
    return run


def _failed(run: TallyRun, message: str) -> TallyRun:
    run.status = TallyRun.Status.FAILED
    run.error = message[:2000]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
    return run
