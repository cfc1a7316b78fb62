"""What the opinion groups think: representative statements of each group, and consensus statements.

The statistics follow Pol.is (``stats.clj``, ``repness.clj``). Agreement rates are smoothed as
``(n_success + 1) / (n_trials + 2)``; a one-proportion z-test compares a rate with one half, and a two-proportion
z-test compares a group with everybody outside it, both at 90 % confidence:

* a group's *representative statements* are those on which it votes clearly, and differently from the rest (at most
  five, agreements first, led by the statement the group most clearly agrees with, if there is one),
* *consensus statements* are those a clear majority of all participants agrees, or disagrees, with (at most five
  each).

The functions take the vote counts that :func:`cocreate.sensemaking.opinion.compute_opinion_map` computes, and
return :class:`RepresentativeStatement` and :class:`ConsensusStatement` objects (both also importable from
:mod:`cocreate.sensemaking.opinion`).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

#: One-sided z threshold for 90 % confidence (Pol.is ``z-sig-90?``).
Z_90 = 1.2816
#: Representative statements shown per group, and consensus statements per direction (Pol.is takes 5).
PICK_MAX = 5

AGREE, DISAGREE, PASS = 1, -1, 0


@dataclass(frozen=True)
class RepresentativeStatement:
    """A statement on which a group votes differently from the rest of the participants.

    ``probability`` is the group's smoothed rate ``(n_success + 1) / (n_trials + 2)`` of voting ``direction``;
    ``probability_z`` tests that rate against one half; ``representativeness`` is that rate divided by the same rate
    among everybody outside the group, and ``representativeness_z`` is the two-proportion z-test of the difference.
    """

    statement: Hashable
    direction: str
    n_success: int
    n_trials: int
    probability: float
    probability_z: float
    representativeness: float
    representativeness_z: float
    best_agree: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement": _json_id(self.statement),
            "direction": self.direction,
            "n_success": self.n_success,
            "n_trials": self.n_trials,
            "probability": _round(self.probability),
            "probability_z": _round(self.probability_z),
            "representativeness": _round(self.representativeness),
            "representativeness_z": _round(self.representativeness_z),
            "best_agree": self.best_agree,
        }


@dataclass(frozen=True)
class ConsensusStatement:
    """A statement that a clear majority of all participants agree (or disagree) with."""

    statement: Hashable
    direction: str
    n_success: int
    n_trials: int
    probability: float
    probability_z: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement": _json_id(self.statement),
            "direction": self.direction,
            "n_success": self.n_success,
            "n_trials": self.n_trials,
            "probability": _round(self.probability),
            "probability_z": _round(self.probability_z),
        }


def _json_id(value: Hashable) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    return value if isinstance(value, (int, str)) and not isinstance(value, bool) else str(value)


def _round(x: float) -> float:
    return round(float(x), 6)


# --------------------------------------------------------------------------------------------------------------
# Statistics (Pol.is stats.clj, repness.clj)


def _prop_test(succ: np.ndarray, n: np.ndarray) -> np.ndarray:
    """One-proportion z-statistic against 1/2, with a +1 pseudo-count (Pol.is ``prop-test``)."""
    succ, n = succ + 1.0, n + 1.0
    return 2.0 * np.sqrt(n) * (succ / n - 0.5)


def _two_prop_test(succ_in, succ_out, pop_in, pop_out) -> np.ndarray:
    """Two-proportion z-statistic, with +1 pseudo-counts (Pol.is ``two-prop-test``)."""
    succ_in, succ_out, pop_in, pop_out = (
        np.asarray(x, dtype=np.float64) + 1.0 for x in (succ_in, succ_out, pop_in, pop_out)
    )
    pi1, pi2 = succ_in / pop_in, succ_out / pop_out
    pi_hat = (succ_in + succ_out) / (pop_in + pop_out)
    denom = np.sqrt(pi_hat * (1.0 - pi_hat) * (1.0 / pop_in + 1.0 / pop_out))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (pi1 - pi2) / denom
    return np.where(pi_hat >= 1.0, 0.0, z)


# --------------------------------------------------------------------------------------------------------------
# Representative and consensus statements


def _consensus(raw: sp.csr_matrix, statement_ids: list[Hashable], mod_out: np.ndarray) -> list[ConsensusStatement]:
    """Statements most participants agree (or disagree) with (Pol.is ``consensus-stats`` / ``select-consensus``)."""
    n_s = len(statement_ids)
    ns = np.bincount(raw.indices, minlength=n_s).astype(np.float64)
    na = np.bincount(raw.indices[raw.data == 2 + AGREE], minlength=n_s).astype(np.float64)
    nd = np.bincount(raw.indices[raw.data == 2 + DISAGREE], minlength=n_s).astype(np.float64)
    out: list[ConsensusStatement] = []
    for direction, n_success in (("agree", na), ("disagree", nd)):
        p = (n_success + 1.0) / (ns + 2.0)
        z = _prop_test(n_success, ns)
        ok = np.flatnonzero((p > 0.5) & (z > Z_90) & ~mod_out)
        ok = ok[np.argsort(-(p[ok] * z[ok]), kind="stable")][:PICK_MAX]
        out.extend(
            ConsensusStatement(statement_ids[j], direction, int(n_success[j]), int(ns[j]), float(p[j]), float(z[j]))
            for j in ok
        )
    return out


def _representative_statements(
    na: np.ndarray, nd: np.ndarray, ns: np.ndarray, statement_ids: list[Hashable], mod_out: np.ndarray
) -> dict[int, list[RepresentativeStatement]]:
    """Representative statements per group (Pol.is ``conv-repness`` and ``select-rep-comments``)."""
    n_groups = na.shape[0]
    rest_na, rest_nd, rest_ns = na.sum(0) - na, nd.sum(0) - nd, ns.sum(0) - ns
    pa, pd = (na + 1.0) / (ns + 2.0), (nd + 1.0) / (ns + 2.0)
    pat, pdt = _prop_test(na, ns), _prop_test(nd, ns)
    ra = pa / ((rest_na + 1.0) / (rest_ns + 2.0))
    rd = pd / ((rest_nd + 1.0) / (rest_ns + 2.0))
    rat = _two_prop_test(na, rest_na, ns, rest_ns)
    rdt = _two_prop_test(nd, rest_nd, ns, rest_ns)
    candidates = np.flatnonzero(~mod_out)

    def finalize(g: int, j: int, best_agree: bool = False) -> RepresentativeStatement:
        # The best-agree statement is shown as an agreement (Pol.is's client does the same with ``n-agree``).
        if best_agree or rat[g, j] > rdt[g, j]:
            fields = ("agree", na[g, j], pa[g, j], pat[g, j], ra[g, j], rat[g, j])
        else:
            fields = ("disagree", nd[g, j], pd[g, j], pdt[g, j], rd[g, j], rdt[g, j])
        direction, n_success, p, p_z, r, r_z = fields
        return RepresentativeStatement(
            statement_ids[j],
            direction,
            int(n_success),
            int(ns[g, j]),
            float(p),
            float(p_z),
            float(r),
            float(r_z),
            best_agree,
        )

    result: dict[int, list[RepresentativeStatement]] = {}
    for g in range(n_groups):
        sufficient = [
            j for j in candidates if (rat[g, j] > Z_90 and pat[g, j] > Z_90) or (rdt[g, j] > Z_90 and pdt[g, j] > Z_90)
        ]
        # The "best agree" statement: Pol.is keeps, scanning statements in order, the one the group most clearly
        # agrees with, so that every group shows something it agrees on. The rule changes once a candidate with
        # representativeness above 1 is found, so it is a scan rather than an argmax.
        best_agree = None
        for j in candidates:
            if na[g, j] == 0 and nd[g, j] == 0:
                continue
            if best_agree is not None and ra[g, best_agree] > 1.0:
                better = (ra[g, j] * rat[g, j] * pa[g, j] * pat[g, j]) > (
                    ra[g, best_agree] * rat[g, best_agree] * pa[g, best_agree] * pat[g, best_agree]
                )
            elif best_agree is not None:
                better = pa[g, j] * pat[g, j] > pa[g, best_agree] * pat[g, best_agree]
            else:
                better = pat[g, j] > Z_90 or (ra[g, j] > 1.0 and pa[g, j] > 0.5)
            if better:
                best_agree = j
        if not sufficient:
            if best_agree is not None:
                result[g] = [finalize(g, best_agree, best_agree=True)]
            elif len(candidates):
                strength = np.maximum(rat[g, candidates], rdt[g, candidates])
                result[g] = [finalize(g, int(candidates[int(np.argmax(strength))]))]
            else:
                result[g] = []
            continue
        chosen = [finalize(g, j) for j in sufficient if j != best_agree]
        chosen.sort(key=lambda r: -(r.representativeness * r.representativeness_z * r.probability * r.probability_z))
        if best_agree is not None:
            chosen.insert(0, finalize(g, best_agree, best_agree=True))
        chosen = chosen[:PICK_MAX]
        result[g] = [r for r in chosen if r.direction == "agree"] + [r for r in chosen if r.direction == "disagree"]
    return result
