"""SUS scoring as Brooke defines it, the t confidence interval and task tallies, checked on values worked out by hand
and on Student's t table."""

import pytest

from cocreate.sensemaking.errors import SensemakingError
from cocreate.sensemaking.usability import (
    MeanInterval,
    TaskTally,
    mean_with_interval,
    sus_score,
    t_quantile,
    task_tallies,
)


@pytest.mark.parametrize(
    ("answers", "score"),
    [
        ([3] * 10, 50.0),  # neutral everywhere
        ([5, 1] * 5, 100.0),  # agrees with every positive item, disagrees with every negative one
        ([1, 5] * 5, 0.0),
        ([5] * 10, 50.0),  # agreeing with everything: the negative items cancel the positive ones
        ([1] * 10, 50.0),
        # odd items 4,4,5,4,4 give 3+3+4+3+3 = 16; even items 1,2,1,1,2 give 4+3+4+4+3 = 18; 34 × 2.5 = 85
        ([4, 1, 4, 2, 5, 1, 4, 1, 4, 2], 85.0),
        # odd items 2,3,2,3,2 give 1+2+1+2+1 = 7; even items 4,4,3,4,5 give 1+1+2+1+0 = 5; 12 × 2.5 = 30
        ([2, 4, 3, 4, 2, 3, 3, 4, 2, 5], 30.0),
        # one step away from neutral on item 1 only: 21 × 2.5
        ([4, 3, 3, 3, 3, 3, 3, 3, 3, 3], 52.5),
    ],
)
def test_sus_score_as_brooke_defines_it(answers, score):
    assert sus_score(answers) == score


@pytest.mark.parametrize("answers", [[3] * 9, [3] * 11, [3] * 9 + [6], [0] + [3] * 9, [3] * 9 + [2.5], [True] * 10])
def test_sus_answers_out_of_the_scale_are_refused(answers):
    with pytest.raises(SensemakingError):
        sus_score(answers)


@pytest.mark.parametrize(
    ("degrees", "quantile"), [(1, 12.706), (2, 4.303), (7, 2.365), (9, 2.262), (30, 2.042), (120, 1.980)]
)
def test_the_t_quantile_matches_students_table(degrees, quantile):
    assert t_quantile(0.975, degrees) == pytest.approx(quantile, abs=5e-4)


def test_the_mean_and_its_95_percent_interval_on_known_values():
    # mean 60, sample standard deviation 10, standard error 10/√3; t(0.975, 2) = 4.302653
    result = mean_with_interval([50, 60, 70])
    assert result.n == 3 and result.mean == pytest.approx(60)
    assert result.low == pytest.approx(60 - 4.302653 * 10 / 3**0.5, abs=1e-4)  # 35.1587
    assert result.high == pytest.approx(84.8413, abs=1e-4)
    assert result.has_interval


def test_eight_testers():
    scores = [72.5, 85, 60, 77.5, 90, 67.5, 80, 55]
    # mean 73.4375; squared deviations sum to 1024.21875, variance 146.316964, sd 12.096155; t(0.975, 7) = 2.364624
    result = mean_with_interval(scores)
    assert result.mean == pytest.approx(73.4375)
    half = 2.364624 * 12.096155 / 8**0.5
    assert (result.low, result.high) == (
        pytest.approx(73.4375 - half, abs=1e-3),
        pytest.approx(73.4375 + half, abs=1e-3),
    )
    assert round(result.low, 1) == 63.3 and round(result.high, 1) == 83.6


def test_the_interval_is_cut_to_the_scale():
    # mean 75, standard error 5, t(0.975, 1) = 12.706: 11.47 to 138.53, cut at 100
    result = mean_with_interval([70, 80])
    assert result.low == pytest.approx(75 - 12.7062 * 5, abs=1e-3)
    assert result.high == 100.0
    assert mean_with_interval([70, 80], bounds=None).high == pytest.approx(138.531, abs=1e-3)


def test_identical_scores_have_an_interval_of_no_width():
    assert mean_with_interval([62.5] * 4) == MeanInterval(4, 62.5, 62.5, 62.5, 0.95)


def test_without_two_scores_there_is_no_interval():
    assert mean_with_interval([]) == MeanInterval(0, None, None, None, 0.95)
    one = mean_with_interval([77.5])
    assert (one.mean, one.low, one.high, one.has_interval) == (77.5, None, None, False)


def test_a_90_percent_interval_is_narrower():
    wide, narrow = mean_with_interval([50, 60, 70]), mean_with_interval([50, 60, 70], confidence=0.9)
    assert wide.low < narrow.low < narrow.high < wide.high
    with pytest.raises(SensemakingError):
        mean_with_interval([1, 2], confidence=95)


def test_task_tallies_and_completion():
    tallies = task_tallies([["yes", "no"], ["help", "no"], ["yes", "yes"], ["no"]], tasks=3)
    assert tallies == [TaskTally(2, 1, 1), TaskTally(1, 0, 2), TaskTally(0, 0, 0)]
    assert tallies[0].completion == 0.75 and tallies[0].share("help") == 0.25
    assert tallies[1].completion == pytest.approx(1 / 3)
    assert tallies[2].completion is None and tallies[2].share("yes") is None
    with pytest.raises(SensemakingError):
        task_tallies([["maybe"]], tasks=1)
    with pytest.raises(SensemakingError):
        task_tallies([["yes", "yes"]], tasks=1)
