"""The arithmetic of the outcome chart, alone."""

import datetime as dt
from decimal import Decimal

import pytest

from cocreate.challenges.outcome_charts import (
    BOTTOM,
    HEIGHT,
    LEFT,
    RIGHT,
    TOP,
    WIDTH,
    date_ticks,
    indicator_chart,
    nice_step,
)


@pytest.mark.parametrize(("span", "step"), [(32, 10), (4, 1), (0.4, 0.1), (7, 2), (18, 5), (1000, 500)])
def test_steps_are_round(span, step):
    assert nice_step(span) == pytest.approx(step)


def test_no_measurements_no_chart():
    assert indicator_chart([], baseline=Decimal(1), target=Decimal(2)) is None


def test_the_lines_and_points_fall_where_their_values_are():
    chart = indicator_chart(
        [(dt.date(2025, 1, 1), Decimal(50)), (dt.date(2025, 12, 31), Decimal(70))],
        baseline=Decimal(40),
        target=Decimal(80),
    )
    # values 40..80 with a step of 10: 40 at the bottom, 80 at the top
    assert chart.baseline_y == pytest.approx(HEIGHT - BOTTOM)
    assert chart.target_y == pytest.approx(TOP)
    assert [round(p.x, 1) for p in chart.points] == [LEFT, WIDTH - RIGHT]
    assert chart.points[0].y == pytest.approx(HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) / 4)
    assert [t.label for t in chart.value_ticks] == [40, 50, 60, 70, 80]


def test_one_measurement_still_gets_a_span_of_days():
    chart = indicator_chart([(dt.date(2025, 6, 15), Decimal(5))], baseline=None, target=None)
    assert chart.points[0].x == pytest.approx((LEFT + WIDTH - RIGHT) / 2)
    assert chart.baseline_y is None


def test_labels_of_close_lines_are_pushed_apart():
    chart = indicator_chart(
        [(dt.date(2025, 1, 1), Decimal(0)), (dt.date(2025, 2, 1), Decimal(100))],
        baseline=Decimal(50),
        target=Decimal(51),
    )
    assert chart.baseline_label_y - chart.target_label_y == pytest.approx(16)


def test_a_year_gets_at_most_four_month_ticks():
    ticks = date_ticks(dt.date(2025, 1, 1), dt.date(2025, 12, 1))
    assert ticks == [dt.date(2025, m, 1) for m in (1, 4, 7, 10)]


def test_a_short_span_gets_its_two_ends():
    assert date_ticks(dt.date(2025, 1, 5), dt.date(2025, 1, 20)) == [dt.date(2025, 1, 5), dt.date(2025, 1, 20)]
