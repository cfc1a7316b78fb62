"""The funnel as CSV: one row per segment and step (the counts now), then one per segment and month (what happened
that month). Counts only: no report, reason or person appears in it."""

import io

from django.http import HttpResponse

from cocreate.core import csvfiles

from .models import STEPS
from .queries import Funnel, monthly

FIELDS = ["table", "segment", "step", "month", "count", "reached_or_further", "conversion", "goal", "goal_date"]


def funnel_rows(funnel: Funnel) -> list[dict]:
    rows = []
    for row in [*funnel.segments, funnel.unsegmented, funnel.everyone]:
        for step, _label, at_least, conversion in row.reached:
            rows.append(
                {
                    "table": "funnel",
                    "segment": row.name,
                    "step": step,
                    "month": "",
                    "count": row.counts.get(step, 0),
                    "reached_or_further": at_least,
                    "conversion": "" if conversion is None else f"{conversion:.4f}",
                    "goal": row.goal or "",
                    "goal_date": row.goal_date.isoformat() if row.goal_date else "",
                }
            )
    for row in [*funnel.segments, funnel.unsegmented]:
        for month in monthly(funnel.campaign, row.segment, all_segments=False):
            for step in [*STEPS, "regular_users"]:
                count = month.regular_users if step == "regular_users" else month.reached[step]
                rows.append(
                    {
                        "table": "monthly",
                        "segment": row.name,
                        "step": step,
                        "month": month.month.strftime("%Y-%m"),
                        "count": count,
                        "reached_or_further": "",
                        "conversion": "",
                        "goal": "",
                        "goal_date": "",
                    }
                )
    return rows


def funnel_csv_response(funnel: Funnel) -> HttpResponse:
    out = io.StringIO()
    writer = csvfiles.dict_writer(out, FIELDS)
    writer.writeheader()
    writer.writerows(funnel_rows(funnel))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="adoption-funnel-{funnel.campaign.pk}.csv"'
    return response
