"""The Bass diffusion model fitted to adoption counts: how fast a new service spreads, and how far it will go.

Frank Bass's model (1969) splits the people who take up something new into innovators, who adopt on their own at
rate ``p`` (the coefficient of innovation), and imitators, who adopt because others have, at rate ``q`` times the
share of the market that has already adopted (the coefficient of imitation). With a market of ``m`` people and
time ``t`` measured from the launch, the cumulative number of adopters is::

    N(t) = m · (1 − e^(−(p+q)t)) / (1 + (q/p) · e^(−(p+q)t))

The new adopters per unit of time rise to a peak at ``t* = ln(q/p) / (p+q)`` when ``q > p`` (and fall from the
launch on when ``q ≤ p``). ``p`` and ``q`` are rates per unit of ``t``: fit weekly counts with ``t`` in weeks and
they are weekly rates.

**The fit.** Nonlinear least squares on the cumulative curve (SciPy's trust-region reflective method with the
analytic Jacobian), over ``ln p``, ``ln q`` and ``ln m`` so that all three stay positive, with ``m`` bounded below
by the last count (the market cannot be smaller than the people who have already adopted) and above by
:data:`MAX_MARKET_FACTOR` times it. The start is the better (smaller squared error) of Bass's own discrete
regression (new adopters per unit of time on ``N`` and ``N²``, whose coefficients give ``p``, ``q`` and ``m``) and
a small grid of curve shapes whose ``m`` is solved exactly. Counts may be taken at uneven times.

**The intervals** are Wald intervals from the Jacobian, taken on the log scale (so they are asymmetric and never
reach zero) with Student's t quantile on ``n − 3`` degrees of freedom. The covariance is a sandwich that respects
how adoption data arise: the scatter is in the *new* adopters of each period (roughly Poisson-like, with a variance
proportional to the expected count times a dispersion estimated from the data), and the cumulative curve adds it
up, so neighbouring residuals of the cumulative curve are correlated. Treating them as independent, as the
textbook covariance ``s²(JᵀJ)⁻¹`` does, gives intervals that are far too narrow. The forecast's prediction interval
adds, to the uncertainty of the parameters, the scatter of a cumulative count around the curve. Both rest on the
model being right: they say nothing about a campaign, a price change or a competitor that the curve cannot know.

Everything here is plain Python with NumPy and SciPy, without Django.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .errors import (
    BassFitError,
    BassInputError,
    DecreasingCumulativeError,
    NegativeValueError,
    NonFiniteValueError,
    TooFewPointsError,
    UnorderedTimesError,
)

__all__ = [
    "CONFIDENCE",
    "MAX_MARKET_FACTOR",
    "MIN_INCREMENTS",
    "MIN_POINTS",
    "BassFit",
    "BassFitError",
    "BassForecast",
    "BassInputError",
    "DecreasingCumulativeError",
    "NegativeValueError",
    "NonFiniteValueError",
    "TooFewPointsError",
    "UnorderedTimesError",
    "bass_cumulative",
    "bass_rate",
    "fit_bass",
    "fit_bass_increments",
]

CONFIDENCE = 0.95
MIN_POINTS = 4  # three parameters, and one count more for an interval
MIN_INCREMENTS = 3  # periods in which the count rose
MAX_MARKET_FACTOR = 1000.0  # an m this many times the last count means the data show no saturation yet
INTERVAL_METHOD = "wald-log-sandwich"

# Bounds of p·T and q·T, where T is the time of the last count: rates from 1e-7 to 1000 per observed span.
_RATE_SPAN_BOUNDS = (1e-7, 1e3)
# Start shapes tried besides the regression: (p+q)·T and q/p.
_GRID_SPEED = np.array([0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0])
_GRID_RATIO = np.array([0.01, 0.1, 1.0, 3.0, 10.0, 30.0, 100.0, 1000.0])


def bass_cumulative(t, p: float, q: float, m: float):
    """``N(t)``, the cumulative adopters at time ``t`` (a number or a NumPy array) since the launch at ``t = 0``."""
    e = np.exp(-(p + q) * np.asarray(t, dtype=float))
    result = m * (1.0 - e) / (1.0 + (q / p) * e)
    return float(result) if np.ndim(result) == 0 else result


def bass_rate(t, p: float, q: float, m: float):
    """``dN/dt``, the new adopters per unit of time at time ``t`` (a number or a NumPy array)."""
    s = p + q
    e = np.exp(-s * np.asarray(t, dtype=float))
    result = m * (s * s / p) * e / (1.0 + (q / p) * e) ** 2
    return float(result) if np.ndim(result) == 0 else result


def _gradient(t: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """∂N/∂(ln p, ln q, ln m) at each time: shape (len(t), 3)."""
    p, q, m = np.exp(theta)
    s, r = p + q, q / p
    e = np.exp(-s * t)
    denominator = 1.0 + r * e
    cumulative_share = (1.0 - e) / denominator
    by_speed = (1.0 + r) * t * e / denominator**2  # ∂F/∂s
    by_ratio = -(1.0 - e) * e / denominator**2  # ∂F/∂r
    gradient = np.empty((t.size, 3))
    gradient[:, 0] = m * (by_speed * p - by_ratio * r)  # s = p + q, r = q / p
    gradient[:, 1] = m * (by_speed * q + by_ratio * r)
    gradient[:, 2] = m * cumulative_share
    return gradient


@dataclass(frozen=True)
class BassForecast:
    """The fitted cumulative adopters at time ``t`` with its prediction interval, and the new adopters per unit of
    time there (the curve's slope)."""

    t: float
    cumulative: float
    low: float
    high: float
    rate: float
    confidence: float

    def to_dict(self) -> dict:
        return {
            "t": self.t,
            "cumulative": self.cumulative,
            "low": self.low,
            "high": _finite_or_none(self.high),
            "rate": self.rate,
        }


@dataclass(frozen=True)
class BassFit:
    """A fitted Bass model: the estimates, their intervals at ``confidence``, and how closely the curve follows the
    counts. ``residual_std`` is the residual standard error of the cumulative counts (in adopters, on ``n − 3``
    degrees of freedom); ``dispersion`` is the variance of a period's new adopters divided by its expected number
    (1 for Poisson counts)."""

    p: float
    q: float
    m: float
    p_interval: tuple[float, float]
    q_interval: tuple[float, float]
    m_interval: tuple[float, float]
    confidence: float
    residual_std: float
    dispersion: float
    n_points: int
    last_time: float
    last_cumulative: float
    covariance: tuple[tuple[float, float, float], ...] = field(repr=False)  # of (ln p, ln q, ln m)
    t_quantile: float = field(repr=False)

    @property
    def peak_time(self) -> float:
        """When the new adopters per unit of time are highest: ``ln(q/p) / (p+q)``, or 0 (the launch) when
        ``q ≤ p``."""
        return max(0.0, math.log(self.q / self.p) / (self.p + self.q))

    @property
    def peak_rate(self) -> float:
        """The new adopters per unit of time at the peak."""
        return bass_rate(self.peak_time, self.p, self.q, self.m)

    @property
    def interval_method(self) -> str:
        return INTERVAL_METHOD

    def cumulative(self, t: float) -> float:
        """The fitted cumulative adopters at time ``t``."""
        return bass_cumulative(t, self.p, self.q, self.m)

    def rate(self, t: float) -> float:
        """The fitted new adopters per unit of time at time ``t``."""
        return bass_rate(t, self.p, self.q, self.m)

    def forecast(self, t: float) -> BassForecast:
        """The cumulative adopters expected at time ``t`` and a prediction interval at the fit's confidence for the
        count that will be observed then: the uncertainty of ``p``, ``q`` and ``m`` (delta method) plus the scatter
        of a cumulative count around the curve (``dispersion × N(t)``). The interval never goes below zero, nor,
        after the last count, below that count."""
        t = _number(t, "t")
        if t < 0:
            raise NegativeValueError(f"t={t:g} is before the launch (t=0).")
        # In the fit's units: time 1 and one adopter at the last count.
        scale = self.last_cumulative
        theta = np.log([self.p * self.last_time, self.q * self.last_time, self.m / scale])
        gradient = _gradient(np.array([t / self.last_time]), theta)[0]
        expected = self.cumulative(t)
        variance = float(gradient @ np.array(self.covariance) @ gradient) + self.dispersion / scale * expected / scale
        half_width = self.t_quantile * math.sqrt(max(variance, 0.0)) * scale
        low = max(0.0, expected - half_width)
        if t >= self.last_time:
            low = max(low, self.last_cumulative)
        return BassForecast(t, expected, low, max(expected + half_width, low), self.rate(t), self.confidence)

    def to_dict(self) -> dict:
        return {
            "p": self.p,
            "q": self.q,
            "m": self.m,
            "intervals": {
                name: [_finite_or_none(bound) for bound in bounds]
                for name, bounds in (("p", self.p_interval), ("q", self.q_interval), ("m", self.m_interval))
            },
            "confidence": self.confidence,
            "interval_method": self.interval_method,
            "peak_time": self.peak_time,
            "peak_rate": self.peak_rate,
            "residual_std": self.residual_std,
            "dispersion": self.dispersion,
            "points": self.n_points,
        }

    def report(self) -> str:
        def interval(name: str, value: float, bounds: tuple[float, float], digits: str) -> str:
            return f"  {name} = {value:{digits}}  ({bounds[0]:{digits}} to {bounds[1]:{digits}})"

        share = self.last_cumulative / self.m
        return "\n".join(
            [
                f"Bass diffusion model fitted to {self.n_points} counts up to t={self.last_time:g} "
                f"({self.confidence:.0%} intervals):",
                interval("innovation p", self.p, self.p_interval, ".4g"),
                interval("imitation q ", self.q, self.q_interval, ".4g"),
                interval("market m    ", self.m, self.m_interval, ",.0f"),
                f"  peak adoption at t={self.peak_time:.3g}, {self.peak_rate:,.1f} new adopters per unit of time",
                f"  adopted so far: {self.last_cumulative:,.0f} ({share:.0%} of the estimated market)",
                f"  residual standard error: {self.residual_std:,.1f} adopters",
            ]
        )


def _number(value, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise BassInputError(f"{name}={value!r} is not a number.") from None
    if not math.isfinite(number):
        raise NonFiniteValueError(f"{name} must be a finite number, not {number}.")
    return number


def _series(points: Iterable[Sequence[float]]) -> tuple[np.ndarray, np.ndarray]:
    """Validated times and cumulative counts, without a leading (0, 0), which the curve passes through anyway."""
    times, counts = [], []
    for position, point in enumerate(points, start=1):
        try:
            t, n = point
        except (TypeError, ValueError):
            raise BassInputError(f"Point {position}: expected a pair (t, cumulative), got {point!r}.") from None
        t, n = _number(t, f"point {position}: t"), _number(n, f"point {position}: cumulative")
        if t < 0:
            raise NegativeValueError(f"Point {position}: t={t:g} is before the launch (t=0).")
        if n < 0:
            raise NegativeValueError(f"Point {position}: the cumulative count {n:g} is negative.")
        if times and t <= times[-1]:
            raise UnorderedTimesError(
                f"Point {position}: t={t:g} does not come after t={times[-1]:g}; times must increase."
            )
        if counts and n < counts[-1]:
            raise DecreasingCumulativeError(
                f"Point {position}: the cumulative count falls from {counts[-1]:g} to {n:g} (t={t:g})."
            )
        times.append(t)
        counts.append(n)
    if times and times[0] == 0:
        if counts[0] > 0:
            raise BassInputError(
                f"At t=0 (the launch) the model has no adopters, not {counts[0]:g}: measure t from the launch."
            )
        times, counts = times[1:], counts[1:]
    increments = sum(1 for before, after in zip([0.0, *counts], counts, strict=False) if after > before)
    if len(times) < MIN_POINTS or increments < MIN_INCREMENTS:
        raise TooFewPointsError(
            f"The Bass model needs at least {MIN_POINTS} counts after the launch, rising in at least "
            f"{MIN_INCREMENTS} of the periods; got {len(times)} counts rising in {increments}."
        )
    return np.array(times), np.array(counts)


def fit_bass(points: Iterable[Sequence[float]], *, confidence: float = CONFIDENCE) -> BassFit:
    """Fit the Bass model to ``(t, cumulative adopters)`` pairs, ``t`` measured from the launch (unevenly spaced
    times are fine). Raises a :class:`BassInputError` subclass for data it cannot use and :class:`BassFitError`
    when the data do not determine a market size yet."""
    if not 0 < confidence < 1:
        raise BassInputError(f"The confidence level must be between 0 and 1, not {confidence!r}.")
    t, n = _series(points)
    return _fit(t, n, confidence)


def fit_bass_increments(
    new_adopters: Iterable[float], *, period: float = 1.0, confidence: float = CONFIDENCE
) -> BassFit:
    """Fit the Bass model to the new adopters of consecutive periods of equal length ``period``, the first period
    starting at the launch."""
    period = _number(period, "period")
    if period <= 0:
        raise NegativeValueError(f"The period must be positive, not {period:g}.")
    points, total = [], 0.0
    for position, count in enumerate(new_adopters, start=1):
        count = _number(count, f"period {position}: new adopters")
        if count < 0:
            raise NegativeValueError(f"Period {position}: {count:g} new adopters is negative.")
        total += count
        points.append((position * period, total))
    return fit_bass(points, confidence=confidence)


def _regression_start(t: np.ndarray, n: np.ndarray) -> tuple[float, float, float] | None:
    """Bass's discrete estimate: new adopters per unit of time ≈ pm + (q − p)·N − (q/m)·N², by ordinary least
    squares with N at the middle of each period. None when its coefficients describe no Bass curve."""
    before = np.concatenate(([0.0], n[:-1]))
    widths = np.diff(np.concatenate(([0.0], t)))
    middle = (before + n) / 2.0
    design = np.column_stack([np.ones_like(middle), middle, middle**2])
    (a, b, c), *_ = np.linalg.lstsq(design, (n - before) / widths, rcond=None)
    if not (a > 0 and c < 0):
        return None
    m = (-b - math.sqrt(b * b - 4.0 * a * c)) / (2.0 * c)  # the positive root: c < 0 < a
    p, q = a / m, -c * m
    if not (m > 0 and p > 0 and q > 0):
        return None
    return p, q, m


def _start(t: np.ndarray, n: np.ndarray, m_bounds: tuple[float, float]) -> np.ndarray:
    """The start (ln p, ln q, ln m) with the smallest squared error among the regression and a grid of shapes."""
    span = t[-1]
    speed = np.repeat(_GRID_SPEED / span, _GRID_RATIO.size)
    ratio = np.tile(_GRID_RATIO, _GRID_SPEED.size)
    p, q = speed / (1.0 + ratio), speed * ratio / (1.0 + ratio)
    regression = _regression_start(t, n)
    if regression is not None:
        p, q = np.append(p, regression[0]), np.append(q, regression[1])
    low, high = (bound / span for bound in _RATE_SPAN_BOUNDS)
    p, q = np.clip(p, low, high), np.clip(q, low, high)
    e = np.exp(-np.outer(p + q, t))
    share = (1.0 - e) / (1.0 + (q / p)[:, None] * e)
    m = np.clip((share @ n) / np.einsum("ij,ij->i", share, share), *m_bounds)  # exact m for each shape
    errors = np.sum((n - m[:, None] * share) ** 2, axis=1)
    best = int(np.argmin(errors))
    return np.log([p[best], q[best], m[best]])


def _exp(x: float) -> float:
    """e**x, infinite rather than an overflow error for an interval too wide to be bounded."""
    try:
        return math.exp(float(x))
    except OverflowError:
        return math.inf


def _finite_or_none(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _fit(t: np.ndarray, n: np.ndarray, confidence: float) -> BassFit:
    """The fit, in units in which the last count is at time 1 and equals 1 (so that neither tiny nor huge times and
    counts overflow); p and q are scaled back by the span, m by the last count."""
    from scipy.optimize import least_squares
    from scipy.stats import t as student_t

    span, last = float(t[-1]), float(n[-1])
    t, n = t / span, n / last
    lower = np.log([_RATE_SPAN_BOUNDS[0], _RATE_SPAN_BOUNDS[0], 1.0])
    upper = np.log([_RATE_SPAN_BOUNDS[1], _RATE_SPAN_BOUNDS[1], MAX_MARKET_FACTOR])
    start = np.clip(_start(t, n, (1.0, MAX_MARKET_FACTOR)), lower, upper)

    def residuals(theta):
        p, q, m = np.exp(theta)
        return bass_cumulative(t, p, q, m) - n

    solution = least_squares(
        residuals,
        start,
        jac=lambda theta: _gradient(t, theta),
        bounds=(lower, upper),
        method="trf",
        x_scale="jac",
        xtol=1e-10,
    )
    theta = solution.x
    if not np.all(np.isfinite(theta)):
        raise BassFitError("The Bass model could not be fitted to these counts.")
    if theta[2] >= upper[2] - 1e-6:
        raise BassFitError(
            "Adoption has not slowed down yet: the counts fit a market of any size, so the Bass model cannot "
            "estimate one from them."
        )
    p, q, m = (float(x) for x in np.exp(theta))
    if not math.isfinite(m * last):
        raise BassFitError("The counts are too large for the fitted market size to be represented.")
    fitted = bass_cumulative(t, p, q, m)
    degrees = t.size - 3
    residual_std = math.sqrt(float(np.sum((n - fitted) ** 2)) / degrees)
    # The scatter is in each period's new adopters: variance = dispersion × expected new adopters.
    expected_new = np.diff(np.concatenate(([0.0], fitted)))
    observed_new = np.diff(np.concatenate(([0.0], n)))
    weight = np.maximum(expected_new, 1e-9)
    dispersion = float(np.sum((observed_new - expected_new) ** 2 / weight)) / degrees  # per 1/last adopters
    # Sandwich covariance of θ̂: bread (JᵀJ)⁻¹, meat (LᵀJ)ᵀ·diag(dispersion·weight)·(LᵀJ), L the cumulative sum.
    gradient = _gradient(t, theta)
    bread = np.linalg.pinv(gradient.T @ gradient)
    summed = np.cumsum(gradient[::-1], axis=0)[::-1]  # Lᵀ J: row i is the sum of rows i… of J
    meat = (summed * (dispersion * weight)[:, None]).T @ summed
    covariance = bread @ meat @ bread  # the same on the log scale whatever the units
    quantile = float(student_t.ppf(0.5 + confidence / 2.0, degrees))
    half = quantile * np.sqrt(np.maximum(np.diag(covariance), 0.0))
    scaled = np.log([span, span, 1.0 / last])  # ln p = ln p' − ln span, ln m = ln m' + ln last
    low, high = theta - half - scaled, theta + half - scaled
    return BassFit(
        p=p / span,
        q=q / span,
        m=m * last,
        p_interval=(_exp(low[0]), _exp(high[0])),
        q_interval=(_exp(low[1]), _exp(high[1])),
        m_interval=(max(last, _exp(low[2])), _exp(high[2])),
        confidence=confidence,
        residual_std=residual_std * last,
        dispersion=dispersion * last,
        n_points=int(t.size),
        last_time=span,
        last_cumulative=last,
        covariance=tuple(tuple(float(x) for x in row) for row in covariance),
        t_quantile=quantile,
    )
