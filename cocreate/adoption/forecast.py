"""The Bass diffusion forecast of a campaign's regular users, from its monthly counts, and its curve as an inline SVG
with a table as the text alternative.

Time is counted in months from the month the adoption stage opened; the months counted are the complete ones (the
month running now would pull the curve down). The fit itself is ``cocreate.sensemaking.bass``; its named errors
become a sentence a person can read.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cocreate.sensemaking import bass
from cocreate.sensemaking.errors import SensemakingError

from .queries import MonthRow

HORIZON = 12  # months forecast beyond the last complete one
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 320, 64, 16, 16, 48


def why_no_fit(error: SensemakingError) -> str:
    """The fit's named error as a sentence for officials and residents."""
    if isinstance(error, bass.TooFewPointsError):
        return _(
            "There are too few months with new regular users to fit a curve yet: it needs at least four complete "
            "months, in three of which the number of regular users rose."
        )
    if isinstance(error, bass.DecreasingCumulativeError):
        return _(
            "More people stopped using the service than started in some months, so the number of regular users is "
            "not a growth curve that the model can follow."
        )
    if isinstance(error, bass.BassFitError):
        return _(
            "Use is still growing without slowing down, so the data do not yet say how many people the service will "
            "reach. A forecast will appear once growth begins to level off."
        )
    return _("The monthly counts cannot be fitted to an adoption curve.")


@dataclass
class ForecastPoint:
    month: dt.date
    observed: int | None
    fitted: float
    low: float
    high: float


@dataclass
class Forecast:
    fit: "bass.BassFit | None"
    error: str
    points: list[ForecastPoint]
    observed: list[tuple[dt.date, int]]
    svg: SafeString | str = ""

    @property
    def horizon_point(self) -> ForecastPoint | None:
        return self.points[-1] if self.points else None


def _add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def forecast(months: list[MonthRow]) -> Forecast:
    """Fit the Bass model to the regular users at the end of each complete month since the launch."""
    this_month = timezone.localdate().replace(day=1)
    complete = [m for m in months if m.month < this_month]
    observed = [(m.month, m.regular_users) for m in complete]
    points = [(float(t), float(n)) for t, (_month, n) in enumerate(observed, start=1)]
    try:
        fit = bass.fit_bass(points)
    except SensemakingError as error:
        return Forecast(None, why_no_fit(error), [], observed)
    launch = _add_months(complete[0].month, -1) if complete else this_month
    rows = []
    for t in range(1, len(observed) + HORIZON + 1):
        f = fit.forecast(float(t))
        seen = observed[t - 1][1] if t <= len(observed) else None
        rows.append(ForecastPoint(_add_months(launch, t), seen, f.cumulative, f.low, f.high))
    result = Forecast(fit, "", rows, observed)
    result.svg = curve_svg(result)
    return result


def curve_svg(result: Forecast) -> SafeString:
    """Observed regular users as dots, the fitted curve as a line and its prediction band shaded; the table beside
    it on the page carries the same numbers."""
    points = result.points
    top = max([p.high for p in points] + [p.observed or 0 for p in points] + [1.0])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + plot_w * i / max(1, len(points) - 1)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    band = " ".join(f"{x(i):.1f},{y(p.high):.1f}" for i, p in enumerate(points))
    band += " " + " ".join(f"{x(i):.1f},{y(p.low):.1f}" for i, p in reversed(list(enumerate(points))))
    line = " ".join(f"{x(i):.1f},{y(p.fitted):.1f}" for i, p in enumerate(points))
    dots = "".join(
        f'<circle cx="{x(i):.1f}" cy="{y(p.observed):.1f}" r="4" fill="#0b5cad"/>'
        for i, p in enumerate(points)
        if p.observed is not None
    )
    ticks = "".join(
        f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="16" fill="#333">'
        f"{p.month:%m/%y}</text>"
        for i, p in enumerate(points)
        if i % 4 == 0
    )
    y_labels = "".join(
        f'<text x="{LEFT - 8}" y="{y(top * k / 4) + 4:.1f}" text-anchor="end" font-size="16" fill="#333">'
        f"{round(top * k / 4):,}</text>"
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(top * k / 4):.1f}" y2="{y(top * k / 4):.1f}" '
        f'stroke="#ddd"/>'
        for k in range(5)
    )
    title = escape(_("Regular users of the service, month by month, with the Bass forecast"))
    description = escape(
        _(
            "Dots: regular users counted at the end of each month. Line: the fitted curve. Shaded: where the count "
            "is expected to be, with %(level)s%% confidence. The table below gives the same numbers."
        )
        % {"level": 95}
    )
    return mark_safe(  # noqa: S308 (every text in it is escaped above; the rest are numbers)
        f'<svg class="adoption-curve" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="curve-title '
        f'curve-desc" xmlns="http://www.w3.org/2000/svg"><title id="curve-title">{title}</title>'
        f'<desc id="curve-desc">{description}</desc>{y_labels}'
        f'<polygon points="{band}" fill="#0b5cad" fill-opacity="0.15"/>'
        f'<polyline points="{line}" fill="none" stroke="#0b5cad" stroke-width="2"/>{dots}{ticks}'
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#333"/></svg>'
    )
