"""Usability tests of prototypes: the System Usability Scale, task completion, and a mean with its confidence interval.

The System Usability Scale (SUS) has ten statements answered on a scale from 1 (strongly disagree) to 5 (strongly
agree); the odd ones are worded positively, the even ones negatively. Brooke's scoring: each odd item contributes
its answer minus 1, each even item 5 minus its answer (so every item contributes 0 to 4), and the sum is multiplied
by 2.5, giving a score from 0 to 100. A score is not a percentage; about 68 is the average of many published studies.

The mean of a round's scores is given with a two-sided confidence interval from Student's t-distribution (the
scores of a handful of testers are not normally distributed, but the t-interval is what usability studies of this
size report, and it is honest about how little eight testers can say). With fewer than two scores there is no
interval. As a SUS score cannot leave 0–100, the interval is cut to that range.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .errors import SensemakingError

SUS_ITEMS = 10
SUS_MIN_ANSWER, SUS_MAX_ANSWER = 1, 5

YES, WITH_HELP, NO = "yes", "help", "no"
TASK_OUTCOMES = (YES, WITH_HELP, NO)


def sus_score(answers: Sequence[int]) -> float:
    """The SUS score (0–100) of one person's ten answers, each from 1 to 5, in the order of the items."""
    if len(answers) != SUS_ITEMS:
        raise SensemakingError(f"The System Usability Scale has {SUS_ITEMS} items; got {len(answers)} answers.")
    total = 0
    for position, answer in enumerate(answers, start=1):
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise SensemakingError(f"SUS item {position}: the answer must be a whole number, not {answer!r}.")
        if not SUS_MIN_ANSWER <= answer <= SUS_MAX_ANSWER:
            raise SensemakingError(f"SUS item {position}: the answer must be from 1 to 5, not {answer}.")
        total += answer - 1 if position % 2 else 5 - answer
    return total * 2.5


def t_quantile(probability: float, degrees_of_freedom: int) -> float:
    """The ``probability`` quantile of Student's t-distribution with the given degrees of freedom."""
    from scipy.stats import t

    if degrees_of_freedom < 1:
        raise SensemakingError("Student's t-distribution needs at least one degree of freedom.")
    return float(t.ppf(probability, degrees_of_freedom))


@dataclass(frozen=True)
class MeanInterval:
    """A mean with its confidence interval; ``low`` and ``high`` are None when it cannot be computed (n < 2)."""

    n: int
    mean: float | None
    low: float | None
    high: float | None
    confidence: float

    @property
    def has_interval(self) -> bool:
        return self.low is not None


def mean_with_interval(
    values: Iterable[float], *, confidence: float = 0.95, bounds: tuple[float, float] | None = (0.0, 100.0)
) -> MeanInterval:
    """The mean of ``values`` and its two-sided t confidence interval (sample standard deviation, n − 1 degrees of
    freedom), cut to ``bounds``. No values: no mean; one value: a mean without an interval."""
    if not 0 < confidence < 1:
        raise SensemakingError("The confidence level must be between 0 and 1.")
    values = [float(v) for v in values]
    n = len(values)
    if n == 0:
        return MeanInterval(0, None, None, None, confidence)
    mean = math.fsum(values) / n
    if n < 2:
        return MeanInterval(n, mean, None, None, confidence)
    variance = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    half_width = t_quantile(1 - (1 - confidence) / 2, n - 1) * math.sqrt(variance / n)
    low, high = mean - half_width, mean + half_width
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return MeanInterval(n, mean, low, high, confidence)


@dataclass(frozen=True)
class TaskTally:
    """How the testers who answered fared in one task: counts, and the shares of those counts (0–1)."""

    yes: int
    with_help: int
    no: int

    @property
    def answered(self) -> int:
        return self.yes + self.with_help + self.no

    def share(self, outcome: str) -> float | None:
        if not self.answered:
            return None
        count = {YES: self.yes, WITH_HELP: self.with_help, NO: self.no}[outcome]
        return count / self.answered

    @property
    def completion(self) -> float | None:
        """Completed, with or without help."""
        if not self.answered:
            return None
        return (self.yes + self.with_help) / self.answered


def task_tallies(outcomes: Iterable[Sequence[str]], tasks: int) -> list[TaskTally]:
    """One tally per task, from each tester's outcomes in task order (``yes``, ``help`` or ``no``). A tester's list
    may be shorter than the tasks (a task added later counts as not answered by them)."""
    counts = [[0, 0, 0] for _ in range(tasks)]
    for tester, answers in enumerate(outcomes, start=1):
        if len(answers) > tasks:
            raise SensemakingError(f"Tester {tester} answered {len(answers)} tasks; the round has {tasks}.")
        for task, outcome in enumerate(answers):
            if outcome not in TASK_OUTCOMES:
                raise SensemakingError(f"Tester {tester}, task {task + 1}: unknown outcome {outcome!r}.")
            counts[task][TASK_OUTCOMES.index(outcome)] += 1
    return [TaskTally(*c) for c in counts]
