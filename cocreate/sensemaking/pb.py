"""Participatory-budgeting rules: greedy utilitarian welfare and the Method of Equal Shares, with a tally report.

The rules follow the reference implementation pabutools 1.2.3 exactly (same satisfaction measures, same
tie-breaking, same completion), so that an outcome computed by Cocreate can be checked against it:

* **Satisfaction.** Approval votes use cost satisfaction (a voter's satisfaction from a project is its cost if they
  approved it); cumulative and scoring votes use the points given; ordinal votes use Borda satisfaction (in a ranking
  of length ``L`` the project in position ``i``, counting from 0, is worth ``L - i - 1``, so the last one is worth 0).
* **Greedy utilitarian welfare** takes the projects in decreasing order of total satisfaction per unit of cost
  (approvals, total points, or Borda points per unit of cost; projects nobody supports come last), ties broken by
  project id in lexicographic order, and funds each one that still fits in what is left of the budget.
* **Method of Equal Shares** (Peters, Pierczyński & Skowron 2021) splits the budget equally among the voters. In
  each round it funds the project that its supporters can pay for with the lowest price per unit of satisfaction
  ``rho`` (each supporter pays ``rho`` times their satisfaction, or all they have left if that is less), ties broken
  by project id; it stops when no project's supporters have enough money left.
* **Completion** runs the Method of Equal Shares again with the voters' budget raised in steps of 1% of the budget,
  as long as the outcome stays within the real budget and is not exhaustive (exhaustive: no further project fits),
  keeps the last outcome within the budget, and fills what remains with greedy utilitarian welfare.

The computation runs in floating point (numpy) for speed, but every decision that floating point could get wrong
is made exactly: budget checks use exact fractions, and whenever two projects' prices or a project's cost and its
supporters' money are within a relative 1e-9 of each other, that run of the method is recomputed in exact rational
arithmetic (:class:`fractions.Fraction`), so no rounding ever decides a winner.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .errors import SensemakingError
from .pb_io import (
    APPROVAL,
    CHOOSE_ONE,
    ORDINAL,
    POINT_TYPES,
    Ballot,
    Election,
    Project,
    read_pb,
    write_pb,
)

__all__ = [
    "Ballot",
    "Election",
    "Project",
    "Tally",
    "equal_shares",
    "greedy",
    "read_pb",
    "write_pb",
]

# Relative distance under which two floating-point values are treated as possibly equal and the decision is made
# exactly. Rounding errors of the float computation are many orders of magnitude smaller.
_TOL = 1e-9


def _num(value) -> int | float:
    """A JSON-friendly number: an int when the value is whole, else a float."""
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _money(value) -> str:
    value = float(value)
    if abs(value - round(value)) < 0.005:
        return f"{round(value):,}"
    return f"{value:,.2f}"


def _sat_unit(vote_type: str) -> str:
    if vote_type in POINT_TYPES:
        return "point"
    if vote_type == ORDINAL:
        return "Borda point"
    return "supporter"


@dataclass
class Tally:
    """The outcome of a rule with a step-by-step explanation.

    ``selected`` lists the funded project ids in the order the rule funded them; ``cost`` is their total cost (an
    exact fraction); ``steps`` are JSON-serialisable dicts, one per decision; :meth:`report` renders them as text.
    """

    rule: str
    selected: list[str]
    cost: Fraction
    budget: Fraction
    steps: list[dict] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    #: The Method of Equal Shares: each voter's money in the run whose outcome was kept (None for greedy).
    per_voter: Fraction | None = None

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "selected": list(self.selected),
            "cost": _num(self.cost),
            "budget": _num(self.budget),
            "steps": self.steps,
        }

    def report(self) -> str:
        lines = list(self.header)
        for step in self.steps:
            lines.append(step["text"])
        lines.append(
            f"Selected {len(self.selected)} projects costing {_money(self.cost)} of the budget of "
            f"{_money(self.budget)}: {', '.join(self.selected) if self.selected else '(none)'}."
        )
        return "\n".join(lines)


def _check(election: Election) -> None:
    if not election.projects:
        raise SensemakingError("the election has no projects")
    for pid, project in election.projects.items():
        if project.cost < 0:
            raise SensemakingError(f"project {pid} has a negative cost")
        if project.cost > election.budget:
            raise SensemakingError(
                f"project {pid} costs {_money(project.cost)}, more than the whole budget of {_money(election.budget)}"
            )


def _ballot_sats(election: Election, ballot: Ballot, *, for_greedy: bool) -> list[tuple[str, Fraction]]:
    """(project id, satisfaction) for each project in a ballot, as pabutools' satisfaction measures define them."""
    vote_type = election.vote_type
    if vote_type in (APPROVAL, CHOOSE_ONE):
        return [(p, election.projects[p].cost) for p in ballot.projects]
    if vote_type in POINT_TYPES:
        points = ballot.points or ()
        if for_greedy:  # points times cost, so that satisfaction per cost is the total points
            return [(p, pt * election.projects[p].cost) for p, pt in zip(ballot.projects, points, strict=True)]
        return list(zip(ballot.projects, points, strict=True))
    length = len(ballot.projects)
    return [(p, Fraction(length - i - 1)) for i, p in enumerate(ballot.projects)]


def _score_word(vote_type: str) -> str:
    if vote_type in (APPROVAL, CHOOSE_ONE):
        return "approvals"
    if vote_type in POINT_TYPES:
        return "points"
    return "Borda points per unit of cost"


# --------------------------------------------------------------------------------------------------------------
# Greedy utilitarian welfare


def greedy(election: Election) -> Tally:
    """Greedy utilitarian welfare, as pabutools' ``greedy_utilitarian_welfare`` (see the module docstring)."""
    _check(election)
    tally = Tally(rule="greedy", selected=[], cost=Fraction(0), budget=election.budget)
    tally.header = [
        f"Greedy utilitarian welfare: budget {_money(election.budget)}, {len(election.ballots)} ballots "
        f"({election.vote_type} votes).",
        f"Projects are taken in order of {_score_word(election.vote_type)} (ties: project id), and each one is "
        "funded if it still fits in what is left of the budget.",
    ]
    _greedy_fill(election, tally, phase="greedy")
    return tally


def _greedy_totals(election: Election) -> dict[str, Fraction]:
    """Each project's total satisfaction for greedy, exact. Equal satisfactions are counted first and multiplied
    once, so an approval election costs one integer count per approval, not one fraction addition."""
    counts: dict[str, int] = dict.fromkeys(election.projects, 0)
    if election.vote_type in (APPROVAL, CHOOSE_ONE):
        for ballot in election.ballots:
            for pid in ballot.projects:
                counts[pid] += 1
        return {pid: election.projects[pid].cost * count for pid, count in counts.items()}
    per_value: dict[tuple[str, Fraction], int] = {}
    for ballot in election.ballots:
        for key in _ballot_sats(election, ballot, for_greedy=True):
            per_value[key] = per_value.get(key, 0) + 1
    totals = {pid: Fraction(0) for pid in election.projects}
    for (pid, sat), count in per_value.items():
        totals[pid] += sat * count
    return totals


def _greedy_fill(election: Election, tally: Tally, *, phase: str) -> None:
    totals = _greedy_totals(election)
    chosen = set(tally.selected)

    def density(pid: str):
        cost = election.projects[pid].cost
        if totals[pid] > 0:
            return totals[pid] / cost if cost > 0 else math.inf
        return Fraction(0)

    order = sorted((p for p in election.projects if p not in chosen), key=lambda p: (-density(p), p))
    remaining = election.budget - tally.cost
    vote_type = election.vote_type
    for pid in order:
        project = election.projects[pid]
        d = density(pid)
        if vote_type == ORDINAL:
            score, score_text = totals[pid], f"{_money(totals[pid])} Borda points ({float(d):.4g} per unit of cost)"
        elif vote_type in POINT_TYPES:
            score = totals[pid] / project.cost if project.cost else Fraction(0)
            score_text = f"{_money(score)} points"
        else:
            score = totals[pid] / project.cost if project.cost else Fraction(0)
            score_text = f"{_money(score)} approvals"
        step = {
            "step": len(tally.steps) + 1,
            "phase": phase,
            "project": pid,
            "name": project.name,
            "cost": _num(project.cost),
            "score": _num(score),
            "score_per_cost": None if d == math.inf else float(d),
        }
        if project.cost <= remaining:
            remaining -= project.cost
            tally.selected.append(pid)
            tally.cost += project.cost
            step.update(action="funded", budget_left=_num(remaining))
            step["text"] = (
                f"{step['step']:>3}. funded  {pid}{_label(project)}: {score_text}, costs {_money(project.cost)}; "
                f"{_money(remaining)} left."
            )
        else:
            step.update(action="skipped", budget_left=_num(remaining))
            step["reason"] = f"it costs {_money(project.cost)}, only {_money(remaining)} of the budget was left"
            step["text"] = f"{step['step']:>3}. skipped {pid}{_label(project)}: {score_text}, but {step['reason']}."
        tally.steps.append(step)


def _label(project: Project) -> str:
    name = project.name.strip()
    if len(name) > 60:
        name = name[:57] + "..."
    return f" ({name})" if name else ""


# --------------------------------------------------------------------------------------------------------------
# Method of Equal Shares


class _NearTie(Exception):
    """Floating point cannot tell two values apart: the run is redone in exact arithmetic."""


@dataclass
class _Run:
    """One run of the Method of Equal Shares at a given budget per voter."""

    per_voter: Fraction
    selected: list[str]
    rounds: list[dict]
    budgets: np.ndarray  # each group's remaining money per voter, at the end (for explanations)
    exact: bool
    # With explain: for each funded project, in order, its supporter groups and what each of them paid per voter.
    payments: list[tuple[str, np.ndarray, np.ndarray]] = field(default_factory=list)


class _MesData:
    """The election prepared for the Method of Equal Shares.

    Voters with identical ballots (the same satisfaction from the same projects) always hold the same money and pay
    the same amounts, so they are merged into groups with a multiplicity; this is exact and shrinks Częstochowa's
    16,978 ballots to about 3,000 groups.
    """

    def __init__(self, election: Election):
        self.election = election
        self.n = len(election.ballots)
        by_cost = election.vote_type in (APPROVAL, CHOOSE_ONE)
        costs = {pid: project.cost for pid, project in election.projects.items()}
        groups: dict[tuple, int] = {}
        if by_cost:
            # An approval's satisfaction is the project's cost, so a ballot's projects (those costing something)
            # identify its group; no fraction is built per ballot.
            paying = {pid for pid, cost in costs.items() if cost > 0}
            if len(paying) == len(costs):
                groups = dict(Counter(map(tuple, map(sorted, (ballot.projects for ballot in election.ballots)))))
            else:
                for ballot in election.ballots:
                    key = tuple(sorted(p for p in ballot.projects if p in paying))
                    groups[key] = groups.get(key, 0) + 1
        else:
            for ballot in election.ballots:
                key = tuple(sorted((p, s) for p, s in _ballot_sats(election, ballot, for_greedy=False) if s > 0))
                groups[key] = groups.get(key, 0) + 1
        mult = list(groups.values())
        self.G = len(mult)
        self.mult = mult
        # Each project's supporting groups (ascending) and what it is worth to each, without a Python loop over
        # every approval: the (group, project) pairs are sorted by project once.
        pid_list = list(election.projects)
        index = {pid: i for i, pid in enumerate(pid_list)}
        keys = list(groups)
        lengths = np.fromiter((len(key) for key in keys), dtype=np.int64, count=len(keys))
        if by_cost:
            flat = np.fromiter((index[p] for key in keys for p in key), dtype=np.int64, count=int(lengths.sum()))
        else:
            flat = np.fromiter((index[p] for key in keys for p, _ in key), dtype=np.int64, count=int(lengths.sum()))
        group_of = np.repeat(np.arange(len(keys), dtype=np.int64), lengths)
        order = np.argsort(flat, kind="stable")
        sorted_groups = group_of[order]
        bounds = np.searchsorted(flat[order], np.arange(len(pid_list) + 1))
        supporters: dict[str, np.ndarray] = {
            pid: sorted_groups[bounds[i] : bounds[i + 1]] for i, pid in enumerate(pid_list)
        }
        supporter_sats: dict[str, list[Fraction]] = {}
        if by_cost:
            for pid in pid_list:
                supporter_sats[pid] = [costs[pid]] * len(supporters[pid])
        else:
            flat_sats = [s for key in keys for _, s in key]
            for i, pid in enumerate(pid_list):
                supporter_sats[pid] = [flat_sats[k] for k in order[bounds[i] : bounds[i + 1]]]
        self.zero_cost: list[str] = []
        self.pids: list[str] = []
        self.unsupported: list[str] = []
        for pid in sorted(election.projects):
            if not len(supporters[pid]):
                self.unsupported.append(pid)
            elif costs[pid] == 0:
                self.zero_cost.append(pid)
            else:
                self.pids.append(pid)
        mult_arr = np.array(mult, dtype=np.int64)
        mult_f_all = mult_arr.astype(np.float64)
        self.cost = [costs[p] for p in self.pids]
        self.cost_f = np.array([float(c) for c in self.cost])
        self.sup = [supporters[p] for p in self.pids]
        self.sat = [supporter_sats[p] for p in self.pids]
        if by_cost:
            self.sat_f = [np.full(len(supporters[p]), float(costs[p])) for p in self.pids]
        else:
            self.sat_f = [np.array([float(s) for s in sats]) for sats in self.sat]
        self.mult_f = [mult_f_all[idx] for idx in self.sup]
        self.msat_f = [m * s for m, s in zip(self.mult_f, self.sat_f, strict=True)]
        self.msat_total_f = [float(ms.sum()) for ms in self.msat_f]
        self.total_sat = []
        for p, idx in zip(self.pids, self.sup, strict=True):
            if by_cost:
                self.total_sat.append(costs[p] * int(mult_arr[idx].sum()))
            else:  # few distinct satisfaction values: add them up per value, exactly
                per_value: dict[Fraction, int] = {}
                for g, s in zip(supporters[p].tolist(), supporter_sats[p], strict=True):
                    per_value[s] = per_value.get(s, 0) + mult[g]
                self.total_sat.append(sum((s * c for s, c in per_value.items()), Fraction(0)))
        self.init_aff = [c / t for c, t in zip(self.cost, self.total_sat, strict=True)]
        self.init_aff_f = np.array([float(a) for a in self.init_aff])
        self.mult_arr = mult_arr
        self.supporters = {p: int(mult_arr[supporters[p]].sum()) for p in election.projects}
        self.sup_groups = supporters

    # -- floating point, with exact fallback --------------------------------------------------------------------

    def run(self, per_voter: Fraction, *, explain: bool = False) -> _Run:
        if self.n == 0:
            return _Run(per_voter, [], [], np.zeros(0), exact=True)
        try:
            return self._run_float(per_voter, explain)
        except _NearTie:
            return self._run_exact(per_voter, explain)

    def _rho_float(self, j: int, b: np.ndarray) -> float:
        """The lowest price per unit of satisfaction at which project j's supporters can pay its cost.

        The price solves sum(min(money, price * satisfaction)) = cost. Starting from an equal split, the supporters
        who cannot pay the current price pay all they have and the price for the rest is recomputed; the price only
        rises, and when no further supporter drops out it is the answer (usually after a few passes). When that
        takes many passes, the supporters are sorted by money per unit of satisfaction instead, as in pabutools'
        ``mes_inner_algo``.
        """
        bb = b[self.sup[j]]
        s = self.sat_f[j]
        ratio = bb / s
        cost = self.cost_f[j]
        m = self.mult_f[j]
        msat = self.msat_f[j]
        total = self.msat_total_f[j]
        price = cost / total
        dropped = 0
        for _ in range(12):
            capped = ratio < price
            count = int(np.count_nonzero(capped))
            if count == dropped:
                return float(price)
            rest = total - float(msat @ capped)
            if rest <= 0:
                break
            price = (cost - float((m * bb) @ capped)) / rest
            dropped = count
        order = np.argsort(ratio, kind="stable")
        ratio = ratio[order]
        paid = (m * bb)[order]
        msat = msat[order]
        before = np.cumsum(paid) - paid
        rest = np.cumsum(msat[::-1])[::-1]
        price = (cost - before) / rest
        ok = price <= ratio
        i = int(ok.argmax()) if ok.any() else len(price) - 1
        return float(price[i])

    def _run_float(self, per_voter: Fraction, explain: bool) -> _Run:
        b = np.full(self.G, float(per_voter))
        aff = self.init_aff_f.copy()
        alive = list(range(len(self.pids)))
        selected = list(self.zero_cost)
        rounds: list[dict] = []
        payments: list[tuple[str, np.ndarray, np.ndarray]] = []
        while alive:
            order = sorted(alive, key=aff.__getitem__)
            best = second = math.inf
            evaluated: list[tuple[float, int]] = []
            removed: list[int] = []
            for j in order:
                cost = self.cost_f[j]
                available = float(self.mult_f[j] @ b[self.sup[j]])
                if abs(available - cost) <= _TOL * cost:
                    raise _NearTie
                if available < cost:
                    removed.append(j)
                    continue
                if aff[j] > (second if explain else best) * (1 + _TOL):
                    break
                rho = self._rho_float(j, b)
                aff[j] = rho
                evaluated.append((rho, j))
                if rho < best:
                    best, second = rho, best
                elif rho < second:
                    second = rho
            for j in removed:
                alive.remove(j)
            if not evaluated:
                break
            ties = [j for rho, j in evaluated if rho <= best * (1 + _TOL)]
            if len(ties) > 1:
                raise _NearTie
            j = ties[0]
            idx = self.sup[j]
            before = b[idx]
            pay = np.minimum(before, best * self.sat_f[j])
            b[idx] = before - pay
            alive.remove(j)
            selected.append(self.pids[j])
            if explain:
                runner = min(((r, self.pids[k]) for r, k in evaluated if k != j), default=None)
                rounds.append(self._round_info(j, best, before, pay, runner))
                payments.append((self.pids[j], idx, pay))
        return _Run(per_voter, selected, rounds, b, exact=False, payments=payments)

    def _round_info(self, j, rho, before, pay, runner) -> dict:
        m = self.mult_f[j]
        capped = pay >= before - 1e-12 * max(1.0, float(before.max(initial=0)))
        return {
            "project": self.pids[j],
            "rho": float(rho),
            "supporters": int(m.sum()),
            "paid_all_they_had": int(m[capped & (pay < rho * self.sat_f[j])].sum()),
            "max_payment": float(pay.max(initial=0)),
            "min_payment": float(pay.min()) if len(pay) else 0.0,
            "runner_up": None if runner is None else {"project": runner[1], "rho": float(runner[0])},
        }

    # -- exact rational arithmetic ----------------------------------------------------------------------------------

    def _rho_exact(self, j: int, b: list[Fraction]) -> Fraction:
        sup = self.sup[j]
        sats = self.sat[j]
        members = sorted(range(len(sup)), key=lambda i: b[sup[i]] / sats[i])
        contributed = Fraction(0)
        denominator = self.total_sat[j]
        cost = self.cost[j]
        for i in members:
            g = sup[i]
            price = (cost - contributed) / denominator
            if price * sats[i] <= b[g]:
                return price
            contributed += self.mult[g] * b[g]
            denominator -= self.mult[g] * sats[i]
        raise AssertionError("unreachable: the supporters can afford the project")

    def _run_exact(self, per_voter: Fraction, explain: bool) -> _Run:
        """The same run as :meth:`_run_float`, in exact arithmetic, mirroring pabutools' ``mes_inner_algo``."""
        b = [per_voter] * self.G
        aff = list(self.init_aff)
        alive = list(range(len(self.pids)))
        selected = list(self.zero_cost)
        rounds: list[dict] = []
        payments: list[tuple[str, np.ndarray, np.ndarray]] = []
        while alive:
            order = sorted(alive, key=aff.__getitem__)
            best = second = None
            evaluated: list[tuple[Fraction, int]] = []
            removed: list[int] = []
            for j in order:
                available = sum(self.mult[g] * b[g] for g in self.sup[j])
                if available < self.cost[j]:
                    removed.append(j)
                    continue
                bound = second if explain else best
                if bound is not None and aff[j] > bound:
                    break
                rho = self._rho_exact(j, b)
                aff[j] = rho
                evaluated.append((rho, j))
                if best is None or rho < best:
                    best, second = rho, best
                elif second is None or rho < second:
                    second = rho
            for j in removed:
                alive.remove(j)
            if not evaluated:
                break
            # Ties in rho are broken by project id; self.pids is sorted, so the lowest index wins.
            j = min(k for rho, k in evaluated if rho == best)
            before = np.array([float(b[g]) for g in self.sup[j]])
            pays = []
            for g, s in zip(self.sup[j], self.sat[j], strict=True):
                p = min(b[g], best * s)
                b[g] -= p
                pays.append(float(p))
            alive.remove(j)
            selected.append(self.pids[j])
            if explain:
                runner = min(((r, self.pids[k]) for r, k in evaluated if k != j), default=None)
                rounds.append(self._round_info(j, best, before, np.array(pays), runner))
                payments.append((self.pids[j], self.sup[j], np.array(pays)))
        return _Run(per_voter, selected, rounds, np.array([float(x) for x in b]), exact=True, payments=payments)


def equal_shares(election: Election, *, complete: bool = False) -> Tally:
    """The Method of Equal Shares, as pabutools' ``method_of_equal_shares`` (see the module docstring).

    With ``complete=True``, completed as pabutools' ``completion_by_rule_combination`` with
    ``exhaustion_by_budget_increase`` (steps of 1% of the budget) followed by greedy utilitarian welfare.
    """
    _check(election)
    data = _MesData(election)
    budget = election.budget
    n = data.n
    costs = {p: pr.cost for p, pr in election.projects.items()}

    def total(selected) -> Fraction:
        return sum((costs[p] for p in selected), Fraction(0))

    def exhaustive(selected) -> bool:
        spent = total(selected)
        chosen = set(selected)
        return all(p in chosen or spent + c > budget for p, c in costs.items())

    rule = "mes-complete" if complete else "mes"
    tally = Tally(rule=rule, selected=[], cost=Fraction(0), budget=budget)
    per_voter = budget / n if n else Fraction(0)
    tally.header = [
        f"Method of Equal Shares: budget {_money(budget)} shared equally by {n} voters "
        f"({election.vote_type} votes), {_money(per_voter)} each.",
        _mes_principle(election.vote_type),
    ]
    stop_note = None
    final_k = 0
    if not complete:
        chosen = data.run(per_voter, explain=True) if n else None
    else:
        step = budget / 100
        bound = budget * (n + 1)
        k = 0
        previous = None
        chosen = None
        while budget + k * step <= bound:
            current = budget + k * step
            outcome = data.run(current / n) if n else None
            selected = outcome.selected if outcome else []
            if total(selected) > budget:
                chosen, final_k = previous, k - 1
                stop_note = (
                    f"at {100 + k}% of the budget its choice would cost {_money(total(selected))}, more than the budget"
                )
                break
            if exhaustive(selected):
                chosen, final_k = outcome, k
                stop_note = "its choice leaves no money for any further project"
                break
            previous = outcome
            k += 1
        else:
            chosen, final_k = previous, k - 1
        if chosen is not None:
            chosen = data.run(chosen.per_voter, explain=True)
        if final_k > 0 or stop_note:
            virtual = budget + final_k * step
            tally.header.append(
                f"Completion: the voters' money was raised in steps of 1% of the budget; the outcome below uses "
                f"{100 + max(final_k, 0)}% ({_money(virtual)} in all, {_money(virtual / n) if n else 0} per voter)"
                + (f"; {stop_note}." if stop_note else ".")
            )
    if chosen is not None:
        tally.per_voter = chosen.per_voter
        _mes_steps(election, data, chosen, tally, rule)
    if complete and not exhaustive(tally.selected):
        left = budget - tally.cost
        tally.steps.append(
            {
                "step": len(tally.steps) + 1,
                "phase": "completion",
                "action": "start_completion",
                "budget_left": _num(left),
                "text": (
                    f"  Completion: the {_money(left)} left is filled greedily, in order of "
                    f"{_score_word(election.vote_type)} (ties: project id)."
                ),
            }
        )
        _greedy_fill(election, tally, phase="completion")
    return tally


def _mes_principle(vote_type: str) -> str:
    if vote_type in (APPROVAL, CHOOSE_ONE):
        return (
            "In each round the project whose supporters can pay for it with the smallest share of its cost each is "
            "funded (ties: project id); supporters who have less than that share left pay all they have."
        )
    unit = _sat_unit(vote_type)
    text = (
        f"In each round the project whose supporters can pay for it at the lowest price per {unit} they gave it is "
        "funded (ties: project id); supporters who have less than their part left pay all they have."
    )
    if vote_type == ORDINAL:
        text += " A project ranked k-th of L in a ballot gets L - k Borda points from it (the last one gets 0)."
    return text


def _mes_steps(election: Election, data: _MesData, run: _Run, tally: Tally, rule: str) -> None:
    unit = _sat_unit(election.vote_type)
    approval = election.vote_type in (APPROVAL, CHOOSE_ONE)
    for pid in data.zero_cost:
        tally.selected.append(pid)
        tally.steps.append(
            {
                "step": len(tally.steps) + 1,
                "phase": "mes",
                "action": "funded",
                "project": pid,
                "name": election.projects[pid].name,
                "cost": 0,
                "text": f"{len(tally.steps) + 1:>3}. funded  {pid}: it costs nothing and has supporters.",
            }
        )
    for info in run.rounds:
        pid = info["project"]
        project = election.projects[pid]
        tally.selected.append(pid)
        tally.cost += project.cost
        number = len(tally.steps) + 1
        price = info["rho"] * float(project.cost) if approval else info["rho"]
        step = {
            "step": number,
            "phase": "mes",
            "action": "funded",
            "project": pid,
            "name": project.name,
            "cost": _num(project.cost),
            "rho": info["rho"],
            "price_per_" + unit.lower().replace(" ", "_"): price,
            "supporters": info["supporters"],
            "paid_all_they_had": info["paid_all_they_had"],
            "max_payment": info["max_payment"],
            "min_payment": info["min_payment"],
            "runner_up": info["runner_up"],
        }
        if approval:
            how = (
                f"its {info['supporters']} supporters paid {_money(price)} each ({100 * info['rho']:.3g}% of its cost)"
            )
        else:
            how = (
                f"its {info['supporters']} supporters paid {price:,.4g} per {unit} they gave it "
                f"(from {_money(info['min_payment'])} to {_money(info['max_payment'])} each)"
            )
        if info["paid_all_they_had"]:
            how += f"; {info['paid_all_they_had']} of them had less left and paid all they had"
        text = f"{number:>3}. funded  {pid}{_label(project)} costing {_money(project.cost)}: {how}."
        runner = info["runner_up"]
        if runner and approval:
            r_price = runner["rho"] * float(election.projects[runner["project"]].cost)
            text += (
                f" Next in line: {runner['project']}, whose supporters would each have paid {_money(r_price)} "
                f"({100 * runner['rho']:.3g}% of its cost)."
            )
        elif runner:
            text += f" Next in line: {runner['project']} at {runner['rho']:,.4g} per {unit}."
        step["text"] = text
        tally.steps.append(step)
    funded = set(tally.selected)
    budgets = run.budgets
    spending: dict = {}
    for pid in sorted(election.projects, key=lambda p: (-data.supporters[p], p)):
        if pid in funded:
            continue
        project = election.projects[pid]
        number = len(tally.steps) + 1
        step = {
            "step": number,
            "phase": "mes",
            "action": "not_funded",
            "project": pid,
            "name": project.name,
            "cost": _num(project.cost),
            "supporters": data.supporters[pid],
        }
        if data.supporters[pid] == 0:
            step["reason"] = "no voter supported it"
        else:
            groups = data.sup_groups[pid]
            left = float(data.mult_arr[groups] @ budgets[groups]) if len(budgets) else 0.0
            step["supporters_money_left"] = left
            step["spent_on"] = _spent_on(data, run, groups, spending)
            step["reason"] = (
                f"its {data.supporters[pid]} supporters had only {_money(left)} left, it costs {_money(project.cost)}"
            )
        verb = "not funded by equal shares" if rule == "mes-complete" else "not funded"
        step["text"] = f"{number:>3}. {verb} {pid}{_label(project)}: {step['reason']}."
        tally.steps.append(step)


def _spent_on(data: _MesData, run: _Run, groups: list[int], cache: dict) -> list[dict]:
    """What a project's supporters spent their money on, most first: for each funded project, the total the
    supporters of this one paid towards it (they supported both), and how many of them did."""
    if not run.payments:
        return []
    if "paid" not in cache:  # funded projects x groups: what each group's voters paid in all towards each project
        mult = np.asarray(data.mult, dtype=np.float64)
        paid = np.zeros((data.G, len(run.payments)), dtype=np.float64)
        voters = np.zeros((data.G, len(run.payments)), dtype=np.float64)
        for column, (_pid, idx, pay) in enumerate(run.payments):
            paid[idx, column] = mult[idx] * pay
            voters[idx, column] = mult[idx]
        cache["paid"], cache["voters"] = paid, voters
    amounts = cache["paid"][groups].sum(axis=0)
    counts = cache["voters"][groups].sum(axis=0)
    spent = [
        {"project": pid, "amount": float(amount), "supporters": int(count)}
        for (pid, _idx, _pay), amount, count in zip(run.payments, amounts, counts, strict=True)
        if amount > 0
    ]
    spent.sort(key=lambda item: (-item["amount"], item["project"]))
    return spent
