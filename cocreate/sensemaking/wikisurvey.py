"""Pairwise wiki surveys, as All Our Ideas runs them.

A wiki survey shows each participant two ideas at a time and asks which is better; participants may also add
ideas. This module provides:

* :func:`scores` -- the score All Our Ideas displays: ``(wins + 1) / (wins + losses + 2) * 100``, an estimate of
  the chance that the idea beats another idea, with one imaginary win and one imaginary loss so that ideas with few
  votes start near 50;
* :func:`bradley_terry` -- a Bradley-Terry model fitted with the ``choix`` package, reported as the chance of
  beating a randomly chosen other idea, with a 95 % uncertainty interval (Laplace approximation: the inverse of the
  Hessian of the penalised log-likelihood at the estimate, carried to the chance by the delta method);
* :func:`choose_pair` -- which two ideas to show next, favouring pairs that have been shown less (the All Our Ideas
  "catch-up" weights: ``min(1 / (appearances + 1), 0.05)`` per pair), never the same pair twice in a row;
* :func:`wikisurvey_report` -- a readable text summary.

Sources: M. J. Salganik and K. E. C. Levy, "Wiki Surveys: Open and Quantifiable Social Data Collection", PLOS ONE
10(5), 2015; the All Our Ideas server (``allourideas/pairwise-api``, ``Question#catchup_prompts_weights``);
R. A. Bradley and M. E. Terry, "Rank Analysis of Incomplete Block Designs", Biometrika 39, 1952; L. Maystre and
M. Grossglauser, "Fast and Accurate Inference of Plackett-Luce Models", NeurIPS 2015 (the ``choix`` package).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import choix
import numpy as np
from choix.opt import PairwiseFcts

from cocreate.sensemaking.allourideas_io import load_allourideas_ideas, load_allourideas_votes
from cocreate.sensemaking.errors import SensemakingError

__all__ = [
    "BradleyTerryEstimate",
    "bradley_terry",
    "choose_pair",
    "load_allourideas_ideas",
    "load_allourideas_votes",
    "scores",
    "tally",
    "wikisurvey_report",
]

#: Weight of a pair never shown is capped at this (All Our Ideas ``throttle_min``).
PAIR_WEIGHT_CAP = 0.05
#: Ridge penalty of the Bradley-Terry fit: ``alpha * sum(strength**2)``, i.e. a normal prior on log-strengths with
#: variance 1 / (2 * alpha) = 2. It keeps ideas that never lost (or never won) at a finite strength.
BT_ALPHA = 0.25
#: Two-sided 95 % normal quantile for the uncertainty interval.
Z_95 = 1.959964


Vote = tuple[Hashable, Hashable] | tuple[Hashable, Hashable, bool]


def _valid_votes(votes: Iterable[Vote]) -> tuple[list[tuple[Hashable, Hashable]], int]:
    """(winner, loser) of each valid vote, and the number of votes read (valid or not)."""
    out = []
    n = 0
    for n, vote in enumerate(votes, start=1):
        try:
            if len(vote) == 2:
                winner, loser = vote
                valid = True
            else:
                winner, loser, valid = vote
        except (TypeError, ValueError):
            raise SensemakingError(
                f"Vote number {n} is {vote!r}; expected (winner, loser) or (winner, loser, valid)."
            ) from None
        if not valid:
            continue
        if winner == loser:
            raise SensemakingError(f"Vote number {n} pits idea {winner!r} against itself.")
        out.append((winner, loser))
    return out, n


def tally(votes: Iterable[Vote], ideas: Iterable[Hashable] = ()) -> dict[Hashable, tuple[int, int]]:
    """Wins and losses of every idea over the valid votes: idea -> (wins, losses).

    ``ideas`` adds ideas that may have no votes yet. Raises :class:`SensemakingError` if there are fewer than two
    ideas or no votes at all (and no ideas given).
    """
    valid, n_read = _valid_votes(votes)
    counts: dict[Hashable, list[int]] = {idea: [0, 0] for idea in ideas}
    for winner, loser in valid:
        counts.setdefault(winner, [0, 0])[0] += 1
        counts.setdefault(loser, [0, 0])[1] += 1
    if n_read == 0 and not counts:
        raise SensemakingError("There are no votes, so there is nothing to score.")
    if len(counts) < 2:
        raise SensemakingError(
            f"A wiki survey needs at least two ideas; the votes mention {len(counts)} "
            "(a survey whose votes are all invalid has none)."
        )
    return {idea: (w, lost) for idea, (w, lost) in counts.items()}


def scores(votes: Iterable[Vote], ideas: Iterable[Hashable] = ()) -> dict[Hashable, float]:
    """The score All Our Ideas displays for each idea: ``(wins + 1) / (wins + losses + 2) * 100``.

    ``votes`` are ``(winner, loser)`` or ``(winner, loser, valid)``; invalid votes are ignored. ``ideas`` adds ideas
    without votes (they score 50).
    """
    return {idea: (w + 1) / (w + lost + 2) * 100 for idea, (w, lost) in tally(votes, ideas).items()}


@dataclass(frozen=True)
class BradleyTerryEstimate:
    """One idea's Bradley-Terry estimate.

    ``strength`` is the fitted log-strength (ideas' strengths are comparable with each other only);
    ``score`` is the estimated chance, in percent, that the idea beats an idea drawn at random from the others, and
    ``low`` / ``high`` bound its 95 % uncertainty interval.
    """

    strength: float
    score: float
    low: float
    high: float


def bradley_terry(votes: Iterable[Vote], ideas: Iterable[Hashable] = ()) -> dict[Hashable, BradleyTerryEstimate]:
    """Fit a Bradley-Terry model to the valid votes (``choix.opt_pairwise``, ridge penalty ``BT_ALPHA``).

    In the model, idea *i* beats idea *j* with probability ``1 / (1 + exp(s_j - s_i))``. Each idea's ``score`` is
    the average of that probability against every other idea, in percent: unlike the displayed All Our Ideas score,
    it takes into account whom an idea won against. The interval comes from the Laplace approximation: the
    covariance of the strengths is the inverse of the Hessian of the penalised negative log-likelihood (its observed
    Fisher information) and the delta method carries it to the score. It is quick and deterministic; with very few
    votes the intervals are wide, as they should be.
    """
    valid, _ = _valid_votes(votes)
    counts = tally(valid, ideas)
    names = list(counts)
    index = {idea: i for i, idea in enumerate(names)}
    n = len(names)
    data = [(index[w], index[lost]) for w, lost in valid]
    strength = choix.opt_pairwise(n, data, alpha=BT_ALPHA, method="Newton-CG") if data else np.zeros(n)
    strength = strength - strength.mean()
    hessian = PairwiseFcts(data, BT_ALPHA).hessian(strength)
    covariance = np.linalg.inv(hessian)
    diff = strength[:, None] - strength[None, :]
    p = 1.0 / (1.0 + np.exp(-diff))  # p[i, j]: chance that i beats j
    np.fill_diagonal(p, 0.0)
    dp = p * (1.0 - p)  # derivative of p[i, j] with respect to s_i (and minus that with respect to s_j)
    score = p.sum(1) / (n - 1)
    gradient = -dp / (n - 1)  # gradient[i, j] = d score_i / d s_j for j != i
    np.fill_diagonal(gradient, dp.sum(1) / (n - 1))
    sd = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", gradient, covariance, gradient), 0.0))
    return {
        idea: BradleyTerryEstimate(
            strength=float(strength[i]),
            score=float(score[i] * 100),
            low=float(max(score[i] - Z_95 * sd[i], 0.0) * 100),
            high=float(min(score[i] + Z_95 * sd[i], 1.0) * 100),
        )
        for i, idea in enumerate(names)
    }


def _pair(a: Hashable, b: Hashable) -> frozenset:
    return frozenset((a, b))


def choose_pair(
    appearances: Mapping[tuple[Hashable, Hashable], int],
    *,
    ideas: Sequence[Hashable] | None = None,
    previous_pair: tuple[Hashable, Hashable] | None = None,
    rng: np.random.Generator,
) -> tuple[Hashable, Hashable]:
    """Choose the next two ideas to show to a participant.

    Args:
        appearances: how often each pair has been shown (or voted on), keyed by ``(idea, idea)`` in either order
            (both orders are added together). Pairs not listed have never been shown.
        ideas: the active ideas, in a fixed order. Defaults to the ideas named in ``appearances``, in order of first
            mention.
        previous_pair: the pair this participant saw last; it is not shown again straight away.
        rng: the NumPy random generator to draw from (the choice is deterministic given its state).

    Each unordered pair is drawn with weight ``min(1 / (appearances + 1), 0.05)``, as All Our Ideas's catch-up
    algorithm does: pairs shown fewer than twenty times are equally likely and pairs shown more become rarer, so new
    and under-shown ideas catch up. Which idea appears on the left is random. With only two ideas there is only one
    pair, which is then returned even if it was the previous one.
    """
    if not isinstance(rng, np.random.Generator):
        raise SensemakingError("choose_pair needs rng=numpy.random.Generator, e.g. numpy.random.default_rng(seed).")
    if ideas is None:
        ideas = list(dict.fromkeys(x for pair in appearances for x in pair))
    ideas = list(dict.fromkeys(ideas))
    n = len(ideas)
    if n < 2:
        raise SensemakingError(f"Choosing a pair needs at least two ideas; there are {n}.")
    index = {idea: i for i, idea in enumerate(ideas)}
    shown = np.zeros((n, n))
    for pair, count in appearances.items():
        try:
            a, b = pair
        except (TypeError, ValueError):
            raise SensemakingError(f"Appearances must be keyed by pairs of ideas, not {pair!r}.") from None
        if a in index and b in index and a != b:
            if not (isinstance(count, (int, float, np.integer, np.floating)) and count >= 0):
                raise SensemakingError(f"The appearance count of {pair!r} is {count!r}, not a number >= 0.")
            shown[index[a], index[b]] += count
    shown = shown + shown.T
    upper_a, upper_b = np.triu_indices(n, k=1)
    weight = np.minimum(1.0 / (shown[upper_a, upper_b] + 1.0), PAIR_WEIGHT_CAP)
    if previous_pair is not None and n > 2:
        a, b = previous_pair
        if a in index and b in index and a != b:
            i, j = sorted((index[a], index[b]))
            # Position of (i, j) in the row-major upper triangle.
            weight[i * n - i * (i + 1) // 2 + (j - i - 1)] = 0.0
    k = int(np.searchsorted(np.cumsum(weight), rng.random() * weight.sum(), side="right"))
    k = min(k, len(weight) - 1)
    first, second = ideas[upper_a[k]], ideas[upper_b[k]]
    return (first, second) if rng.random() < 0.5 else (second, first)


def wikisurvey_report(
    votes: Iterable[Vote], ideas: Iterable[Hashable] = (), texts: Mapping[Hashable, str] | None = None
) -> str:
    """A readable plain-text ranking: wins, losses, displayed score and Bradley-Terry score with its interval."""
    votes = list(votes)
    counts = tally(votes, ideas)
    shown = scores(votes, counts)
    bt = bradley_terry(votes, counts)
    n_valid = sum(1 for v in votes if len(v) == 2 or v[2])
    texts = texts or {}
    lines = [
        "Wiki survey",
        "===========",
        f"Ideas: {len(counts)}; votes: {len(votes)} ({n_valid} valid)",
        "",
        "Score: chance (in %) that the idea wins against another idea, (wins + 1) / (wins + losses + 2).",
        "Bradley-Terry: chance (in %) of beating a randomly chosen other idea, taking opponents into account,",
        "with its 95 % uncertainty interval.",
        "",
        f"{'rank':>4}  {'score':>6}  {'Bradley-Terry (95% interval)':>28}  {'wins':>5} {'losses':>6}  idea",
    ]
    ranked = sorted(counts, key=lambda i: (-shown[i], -bt[i].score, str(i)))
    for rank, idea in enumerate(ranked, start=1):
        w, lost = counts[idea]
        est = bt[idea]
        text = " ".join(str(texts.get(idea) or "").split())
        label = f"{idea} {text[:70]}".strip() if text else str(idea)
        interval = f"{est.score:5.1f} ({est.low:5.1f} - {est.high:5.1f})"
        lines.append(f"{rank:>4}  {shown[idea]:6.1f}  {interval:>28}  {w:>5} {lost:>6}  {label}")
    return "\n".join(lines) + "\n"
