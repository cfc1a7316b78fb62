"""The Bass diffusion fit, checked on synthetic adoption curves whose p, q and m are known.

Noisy curves are drawn as adoption really happens: each of the m people of the market adopts at a time drawn from
the Bass distribution (so the counts per period are multinomial, Poisson-like), or, for more scatter than that,
whole households of five adopt together. Every draw is seeded.
"""

import json
import math

import numpy as np
import pytest

from cocreate.sensemaking.bass import (
    BassFit,
    bass_cumulative,
    bass_rate,
    fit_bass,
    fit_bass_increments,
)
from cocreate.sensemaking.errors import (
    BassFitError,
    BassInputError,
    DecreasingCumulativeError,
    NegativeValueError,
    NonFiniteValueError,
    SensemakingError,
    TooFewPointsError,
    UnorderedTimesError,
)

# name: (p, q, m, times)
REGIMES = {
    "classic": (0.03, 0.38, 10_000, np.arange(1, 25)),  # Bass's average coefficients, 24 periods: past saturation
    "fast imitation": (0.01, 0.5, 50_000, np.arange(1, 41)),
    "until the peak, quarterly": (0.03, 0.38, 10_000, np.arange(1, 25) * 0.25),  # t* = 6.19: data end at 6.0
    "until the peak, 7 periods": (0.01, 0.5, 10_000, np.arange(1, 8)),  # t* = 7.67
    "uneven times": (0.02, 0.3, 2_000, np.array([1, 2, 3, 5, 6, 8, 9, 11, 14, 15, 17, 20, 22, 23, 26, 29, 33, 38])),
    "weekly for a year": (0.004, 0.08, 10_000, np.arange(1, 53)),  # t* = 35.7 weeks
    "daily for a year": (0.01 / 30, 0.5 / 30, 10_000, np.arange(1, 366)),
}

# Largest relative error allowed for (p, q, m) from one noisy curve (Poisson-like scatter), per regime: about the
# 99th percentile of 400 seeded draws (the worst of them where it is near), so a correct fit stays inside and a
# biased one does not. Data that end at the peak say little about the market size: m can be out by half.
NOISY_TOLERANCE = {
    "classic": (0.10, 0.06, 0.005),
    "fast imitation": (0.06, 0.02, 0.001),
    "until the peak, quarterly": (0.35, 0.2, 0.55),
    "until the peak, 7 periods": (0.3, 0.16, 0.5),
    "uneven times": (0.25, 0.1, 0.006),
    "weekly for a year": (0.15, 0.1, 0.07),
    "daily for a year": (0.14, 0.06, 0.025),
}


def exact(p, q, m, times):
    return [(float(t), float(n)) for t, n in zip(times, bass_cumulative(times, p, q, m), strict=True)]


def drawn(p, q, m, times, *, seed, household=1):
    """Each of m people (or m/household households) adopts at a Bass-distributed time; cumulative counts."""
    rng = np.random.default_rng(seed)
    shares = np.diff(np.concatenate(([0.0], bass_cumulative(np.asarray(times, float), p, q, 1.0))))
    new = rng.multinomial(m // household, np.append(shares, 1.0 - shares.sum()))[:-1] * household
    return [(float(t), float(n)) for t, n in zip(times, np.cumsum(new), strict=True)]


def relative_errors(fit, p, q, m):
    return abs(fit.p / p - 1), abs(fit.q / q - 1), abs(fit.m / m - 1)


@pytest.mark.parametrize("regime", REGIMES)
def test_an_exact_curve_gives_back_its_parameters(regime):
    p, q, m, times = REGIMES[regime]
    fit = fit_bass(exact(p, q, m, times))
    assert fit.p == pytest.approx(p, rel=1e-6)
    assert fit.q == pytest.approx(q, rel=1e-6)
    assert fit.m == pytest.approx(m, rel=1e-6)


@pytest.mark.parametrize("regime", REGIMES)
def test_an_exact_curve_leaves_no_residual(regime):
    p, q, m, times = REGIMES[regime]
    fit = fit_bass(exact(p, q, m, times))
    assert fit.residual_std < 1e-6 * m


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("regime", REGIMES)
def test_a_noisy_curve_gives_its_parameters_within_the_tolerance(regime, seed):
    p, q, m, times = REGIMES[regime]
    fit = fit_bass(drawn(p, q, m, times, seed=seed))
    errors = relative_errors(fit, p, q, m)
    tolerance = NOISY_TOLERANCE[regime]
    assert errors[0] < tolerance[0]
    assert errors[1] < tolerance[1]
    assert errors[2] < tolerance[2]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("regime", REGIMES)
def test_the_true_parameters_lie_inside_the_intervals_of_a_noisy_curve(regime, seed):
    p, q, m, times = REGIMES[regime]
    fit = fit_bass(drawn(p, q, m, times, seed=seed))
    assert fit.p_interval[0] <= p <= fit.p_interval[1]
    assert fit.q_interval[0] <= q <= fit.q_interval[1]
    assert fit.m_interval[0] <= m <= fit.m_interval[1]


@pytest.mark.parametrize(("regime", "household"), [("classic", 1), ("until the peak, quarterly", 1), ("classic", 5)])
def test_the_95_percent_intervals_cover_the_truth_about_95_times_in_100(regime, household):
    p, q, m, times = REGIMES[regime]
    covered = np.zeros(3)
    draws = 200
    for seed in range(draws):
        fit = fit_bass(drawn(p, q, m, times, seed=1000 + seed, household=household))
        covered += [
            fit.p_interval[0] <= p <= fit.p_interval[1],
            fit.q_interval[0] <= q <= fit.q_interval[1],
            fit.m_interval[0] <= m <= fit.m_interval[1],
        ]
    # 95 % of 200 is 190; two binomial standard deviations (about 6) below it, with room for the approximation.
    assert covered[0] / draws >= 0.9
    assert covered[1] / draws >= 0.9
    assert covered[2] / draws >= 0.9


def test_intervals_widen_with_more_scatter():
    p, q, m, times = REGIMES["classic"]
    single = fit_bass(drawn(p, q, m, times, seed=7))
    households = fit_bass(drawn(p, q, m, times, seed=7, household=5))
    assert households.p_interval[1] / households.p_interval[0] > single.p_interval[1] / single.p_interval[0]


def test_the_dispersion_of_poisson_like_counts_is_about_one():
    p, q, m, times = REGIMES["daily for a year"]
    fit = fit_bass(drawn(p, q, m, times, seed=11))
    assert 0.8 < fit.dispersion < 1.2


def test_the_dispersion_of_households_of_five_is_about_five():
    p, q, m, times = REGIMES["daily for a year"]
    fit = fit_bass(drawn(p, q, m, times, seed=11, household=5))
    assert 4.0 < fit.dispersion < 6.0


def test_the_forecast_of_an_exact_curve_is_the_curve():
    p, q, m, times = REGIMES["until the peak, quarterly"]
    fit = fit_bass(exact(p, q, m, times))
    forecast = fit.forecast(20.0)
    assert forecast.cumulative == pytest.approx(bass_cumulative(20.0, p, q, m), rel=1e-6)
    assert forecast.rate == pytest.approx(bass_rate(20.0, p, q, m), rel=1e-6)


def test_the_forecast_from_data_until_the_peak_contains_what_came_later():
    p, q, m, _ = REGIMES["classic"]
    outside = 0
    for seed in range(100):
        curve = drawn(p, q, m, np.arange(1, 25), seed=seed)
        forecast = fit_bass(curve[:6]).forecast(24.0)  # fitted on the first 6 periods, up to the peak (6.2)
        outside += not forecast.low <= curve[-1][1] <= forecast.high
    assert outside <= 10


def test_the_forecast_never_falls_below_the_last_count_after_it():
    p, q, m, times = REGIMES["until the peak, 7 periods"]
    fit = fit_bass(drawn(p, q, m, times, seed=5, household=5))
    assert fit.forecast(fit.last_time + 0.5).low >= fit.last_cumulative


def test_the_forecast_at_the_launch_is_zero():
    p, q, m, times = REGIMES["classic"]
    forecast = fit_bass(drawn(p, q, m, times, seed=5)).forecast(0.0)
    assert forecast.cumulative == 0.0
    assert forecast.low == 0.0


def test_the_forecast_refuses_a_time_before_the_launch():
    p, q, m, times = REGIMES["classic"]
    fit = fit_bass(exact(p, q, m, times))
    with pytest.raises(NegativeValueError):
        fit.forecast(-1.0)


def test_the_forecast_refuses_a_time_that_is_not_a_number():
    p, q, m, times = REGIMES["classic"]
    fit = fit_bass(exact(p, q, m, times))
    with pytest.raises(NonFiniteValueError):
        fit.forecast(float("nan"))


def test_the_peak_time_is_where_the_new_adopters_peak():
    p, q, m, times = REGIMES["classic"]
    fit = fit_bass(drawn(p, q, m, times, seed=3))
    assert fit.peak_time == pytest.approx(math.log(fit.q / fit.p) / (fit.p + fit.q))
    grid = np.linspace(0, 24, 24001)
    assert fit.peak_time == pytest.approx(grid[np.argmax(fit.rate(grid))], abs=1e-3)


def test_the_true_peak_time_of_bass_average_coefficients():
    fit = fit_bass(exact(0.03, 0.38, 10_000, np.arange(1, 25)))
    assert fit.peak_time == pytest.approx(math.log(0.38 / 0.03) / 0.41, rel=1e-6)  # 6.1946


def test_without_imitation_the_peak_is_at_the_launch():
    fit = fit_bass(exact(0.2, 0.05, 1_000, np.arange(1, 21)))
    assert fit.peak_time == 0.0


def test_new_adopters_per_period_give_the_same_fit_as_their_running_total():
    p, q, m, times = REGIMES["classic"]
    curve = drawn(p, q, m, times, seed=4)
    new = np.diff([0.0] + [n for _, n in curve])
    assert fit_bass_increments(new) == fit_bass(curve)


def test_new_adopters_per_period_of_a_given_length():
    p, q, m, _ = REGIMES["until the peak, quarterly"]
    curve = exact(p, q, m, np.arange(1, 25) * 0.25)
    new = np.diff([0.0] + [n for _, n in curve])
    assert fit_bass_increments(new, period=0.25).p == pytest.approx(p, rel=1e-6)


def test_a_leading_count_at_the_launch_is_accepted():
    p, q, m, times = REGIMES["classic"]
    assert fit_bass([(0.0, 0.0), *exact(p, q, m, times)]).m == pytest.approx(m, rel=1e-6)


def test_periods_without_new_adopters_are_accepted():
    points = [(1, 10), (2, 10), (3, 40), (4, 40), (5, 90), (6, 140), (7, 150), (8, 150)]
    assert fit_bass(points).m >= 150


def test_a_fit_is_frozen():
    p, q, m, times = REGIMES["classic"]
    fit = fit_bass(exact(p, q, m, times))
    with pytest.raises(AttributeError):
        fit.p = 0.5


def test_the_fit_as_json():
    p, q, m, times = REGIMES["classic"]
    fit = fit_bass(drawn(p, q, m, times, seed=8))
    data = json.loads(json.dumps(fit.to_dict(), allow_nan=False))
    assert data["intervals"]["q"] == list(fit.q_interval)
    assert data["interval_method"] == "wald-log-sandwich"
    assert data["points"] == 24


def test_the_confidence_level_changes_the_width():
    p, q, m, times = REGIMES["classic"]
    curve = drawn(p, q, m, times, seed=8)
    narrow, wide = fit_bass(curve, confidence=0.5), fit_bass(curve, confidence=0.99)
    assert narrow.q_interval[1] - narrow.q_interval[0] < wide.q_interval[1] - wide.q_interval[0]


def test_a_fit_is_a_bass_fit():
    assert isinstance(fit_bass(exact(*REGIMES["classic"])), BassFit)


CLASSIC = exact(*REGIMES["classic"])


@pytest.mark.parametrize(
    ("points", "error"),
    [
        ([], TooFewPointsError),
        (CLASSIC[:3], TooFewPointsError),  # three counts for three parameters
        ([(1, 0), (2, 0), (3, 0), (4, 0), (5, 0)], TooFewPointsError),
        ([(1, 5), (2, 5), (3, 9), (4, 9), (5, 9)], TooFewPointsError),  # rising in two periods only
        ([(1, 5), (2, 9), (3, 8), (4, 12), (5, 20)], DecreasingCumulativeError),
        ([(1, 5), (2, 9), (2, 10), (4, 12), (5, 20)], UnorderedTimesError),
        ([(2, 5), (1, 9), (3, 10), (4, 12), (5, 20)], UnorderedTimesError),
        ([(1, 5), (2, 9), (float("nan"), 10), (4, 12), (5, 20)], NonFiniteValueError),
        ([(1, 5), (2, 9), (3, float("inf")), (4, 12), (5, 20)], NonFiniteValueError),
        ([(1, 5), (2, float("nan")), (3, 10), (4, 12), (5, 20)], NonFiniteValueError),
        ([(-1, 5), (2, 9), (3, 10), (4, 12), (5, 20)], NegativeValueError),
        ([(1, -5), (2, 9), (3, 10), (4, 12), (5, 20)], NegativeValueError),
        ([(0, 5), (2, 9), (3, 10), (4, 12), (5, 20)], BassInputError),  # adopters at the launch
        ([(1, 5), (2,), (3, 10), (4, 12), (5, 20)], BassInputError),
        ([(1, 5), (2, "many"), (3, 10), (4, 12), (5, 20)], BassInputError),
        ([(1, 5), None, (3, 10), (4, 12), (5, 20)], BassInputError),
    ],
)
def test_data_that_cannot_be_fitted_raise_a_named_error(points, error):
    with pytest.raises(error):
        fit_bass(points)


@pytest.mark.parametrize(
    "error",
    [
        TooFewPointsError,
        DecreasingCumulativeError,
        UnorderedTimesError,
        NonFiniteValueError,
        NegativeValueError,
        BassFitError,
    ],
)
def test_every_bass_error_is_a_sensemaking_error(error):
    assert issubclass(error, SensemakingError)


def test_the_error_names_the_offending_point():
    with pytest.raises(DecreasingCumulativeError, match="Point 3"):
        fit_bass([(1, 5), (2, 9), (3, 8), (4, 12), (5, 20)])


@pytest.mark.parametrize(
    ("new", "period", "error"),
    [
        ([5, 4, -1, 3, 8], 1.0, NegativeValueError),
        ([5, 4, float("nan"), 3, 8], 1.0, NonFiniteValueError),
        ([5, 4, 1, 3, 8], 0.0, NegativeValueError),
        ([5, 4, 1, 3, 8], float("inf"), NonFiniteValueError),
        ([5, 0, 0, 0, 8], 1.0, TooFewPointsError),
    ],
)
def test_new_adopters_that_cannot_be_fitted_raise_a_named_error(new, period, error):
    with pytest.raises(error):
        fit_bass_increments(new, period=period)


@pytest.mark.parametrize("confidence", [0.0, 1.0, 95])
def test_an_impossible_confidence_level_is_refused(confidence):
    with pytest.raises(BassInputError):
        fit_bass(CLASSIC, confidence=confidence)


def test_growth_that_has_not_slowed_gives_no_market_size():
    points = [(t, 10.0 * (math.exp(0.4 * t) - 1.0)) for t in range(1, 13)]  # pure exponential growth
    with pytest.raises(BassFitError):
        fit_bass(points)


def test_the_units_of_time_and_count_do_not_matter():
    p, q, m, times = REGIMES["classic"]
    curve = drawn(p, q, m, times, seed=9)
    fit = fit_bass(curve)
    rescaled = fit_bass([(t * 7.0, n * 1e6) for t, n in curve])  # days instead of weeks, micro-adopters
    assert rescaled.p * 7.0 == pytest.approx(fit.p, rel=1e-6)
    assert rescaled.q_interval[1] * 7.0 == pytest.approx(fit.q_interval[1], rel=1e-6)
    assert rescaled.m / 1e6 == pytest.approx(fit.m, rel=1e-6)
    assert rescaled.forecast(70.0).high / 1e6 == pytest.approx(fit.forecast(10.0).high, rel=1e-6)


def test_counts_near_the_largest_number_give_a_named_error():
    with pytest.raises(BassFitError):
        fit_bass([(1, 1e308), (2, 1.5e308), (3, 1.7e308), (4, 1.79e308)])
