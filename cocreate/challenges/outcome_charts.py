"""The geometry of an outcome indicator's chart: where the baseline, the target and the measurements fall.

The chart is drawn on the server as inline SVG by ``challenges/includes/indicator_chart.html`` from what
:func:`indicator_chart` computes. No charting library: a line chart with two reference lines is a few dozen lines
of arithmetic, the page then works without JavaScript, prints, and is read by screen readers through the SVG's
title and description and the table beside it; a library would add a dependency (and for most, JavaScript) for
nothing the page needs. No Django imports here, so the arithmetic is tested alone.
"""

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

# In the units of the SVG's viewBox; the SVG fills the width it is given (at most 40rem, see cocreate.css), so on a
# phone its 14-unit text is drawn about 10 px high: the chart stays readable there, and the table is always beside it.
WIDTH = 480
HEIGHT = 270
LEFT = 56  # room for the values on the vertical axis
RIGHT = 80  # room for the labels "Baseline" and "Target" at the end of their lines
TOP = 14
BOTTOM = 36  # room for the dates
MAX_DATE_TICKS = 4
LABEL_GAP = 16  # the least distance between the labels of the two lines


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    day: dt.date
    value: Decimal


@dataclass(frozen=True)
class Tick:
    at: float  # x for dates, y for values
    label: object  # a date, or a Decimal


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    points: list[Point]
    value_ticks: list[Tick]
    date_ticks: list[Tick]
    baseline_y: float | None
    target_y: float | None

    @property
    def plot_width(self) -> float:
        return self.right - self.left

    @property
    def plot_height(self) -> float:
        return self.bottom - self.top

    @property
    def baseline_label_y(self) -> float | None:
        return self._labels()[0]

    @property
    def target_label_y(self) -> float | None:
        return self._labels()[1]

    def _labels(self) -> tuple[float | None, float | None]:
        """Where the words "Baseline" and "Target" go: beside their lines, pushed apart when the lines are close."""
        base, target = self.baseline_y, self.target_y
        if base is None or target is None or abs(base - target) >= LABEL_GAP:
            return base, target
        middle = (base + target) / 2
        above, below = middle - LABEL_GAP / 2, middle + LABEL_GAP / 2
        return (above, below) if base < target or (base == target) else (below, above)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def nice_step(span: float, parts: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) that cuts ``span`` into about ``parts`` parts."""
    raw = span / parts
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def indicator_chart(
    measurements: list[tuple[dt.date, Decimal]], *, baseline: Decimal | None, target: Decimal | None
) -> Chart | None:
    """The chart of ``measurements`` (day, value) with the baseline and target lines; None without measurements."""
    if not measurements:
        return None
    measurements = sorted(measurements)
    values = [float(v) for _, v in measurements] + [float(v) for v in (baseline, target) if v is not None]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    step = nice_step(high - low)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    first, last = measurements[0][0], measurements[-1][0]
    if first == last:
        first, last = first - dt.timedelta(days=15), last + dt.timedelta(days=15)
    days = (last - first).days
    plot_left, plot_right, plot_top, plot_bottom = LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM

    def x_of(day: dt.date) -> float:
        return plot_left + (day - first).days / days * (plot_right - plot_left)

    def y_of(value) -> float:
        return plot_bottom - (float(value) - low) / (high - low) * (plot_bottom - plot_top)

    count = round((high - low) / step)
    value_ticks = [Tick(y_of(low + n * step), _tick_value(low + n * step, step)) for n in range(count + 1)]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=plot_left,
        right=plot_right,
        top=plot_top,
        bottom=plot_bottom,
        points=[Point(x_of(day), y_of(value), day, value) for day, value in measurements],
        value_ticks=value_ticks,
        date_ticks=[Tick(x_of(day), day) for day in date_ticks(first, last)],
        baseline_y=None if baseline is None else y_of(baseline),
        target_y=None if target is None else y_of(target),
    )


def _tick_value(value: float, step: float) -> Decimal:
    places = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return Decimal(f"{value:.{places}f}")


def date_ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of months between ``first`` and ``last``, at most :data:`MAX_DATE_TICKS` of them evenly spaced; the
    two ends when the span holds fewer than two months' starts."""
    months = []
    day = dt.date(first.year, first.month, 1)
    if day < first:
        day = _next_month(day)
    while day <= last:
        months.append(day)
        day = _next_month(day)
    if len(months) < 2:
        return [first, last]
    every = math.ceil(len(months) / MAX_DATE_TICKS)
    return months[::every]


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
