"""A new report of a visitor or an application, stored on PostgreSQL in one statement.

Most reports come from people without an account and from services' own apps, hundreds a second while a campaign
runs. Through the ORM each is six round trips (begin, the report, the activity entry, the funnel count, the monthly
count, commit) and about two milliseconds of compiling SQL, and the count rows every report of a population
updates stay locked from their update to the commit. As one statement (a data-modifying ``WITH``), the report, its
activity entry, both counts, the campaign's count of "did it help you?" answers and of reasons waiting to be
grouped are written in one round trip
that commits at once, with SQL written once per process. Django has no such statement, so it is written here; the
tests compare what it stores with what the ORM path stores.

Signed-in people (whose one report is updated in place), reports brought by an ambassador, visitors who leave an
address for the reminder or answer one, and other databases take the ORM path in
``actions.adoption_report_submit``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from cocreate.activity.models import Activity

from .models import ADOPTED, STEPS, AdoptionReport, Campaign, FunnelCount, Helped, MonthlyCount, ReasonGroups

VERB = "adoption.reported"


@dataclass(frozen=True)
class Stored:
    report: AdoptionReport
    # Whether the report's funnel row existed; when not, the caller makes it (only campaigns made before the counts
    # were kept lack one).
    counted: bool
    # The population's regular users before this report (0 without a population), for the goal check.
    adopted_before: int
    # For a report with a reason: the campaign's pending reasons, when its groups were computed and since when a
    # regrouping is queued; None when the campaign has no stored groups yet (the caller makes them).
    reasons: list | None


def applies(reporter, ambassador) -> bool:
    return connection.vendor == "postgresql" and not reporter.is_authenticated and ambassador is None


@cache
def _statement(with_segment: bool) -> str:
    report, activity, campaign = AdoptionReport._meta.db_table, Activity._meta.db_table, Campaign._meta.db_table
    reasons = ReasonGroups._meta.db_table
    funnel, monthly = FunnelCount._meta.db_table, MonthlyCount._meta.db_table
    segment_is = "segment_id = %(segment)s" if with_segment else "segment_id IS NULL"
    conflict = (
        "(campaign_id, segment_id, month) WHERE segment_id IS NOT NULL"
        if with_segment
        else ("(campaign_id, month) WHERE segment_id IS NULL")
    )
    # The population's regular users before this report, as the statement began (reports written meanwhile may be
    # missing: the caller allows for them).
    adopted_before = (
        f"(SELECT coalesce(sum(count), 0) FROM {funnel} WHERE campaign_id = %(campaign)s AND {segment_is} "  # noqa: S608
        "AND step = ANY(%(adopted_steps)s))"
        if with_segment
        else "0"
    )
    counts = ", ".join(f"{name} = {monthly}.{name} + EXCLUDED.{name}" for name in (*STEPS, "adopted"))
    # Table and column names come from the models, values are parameters: nothing from a request is formatted in.
    return f"""
WITH report AS (
    INSERT INTO {report} (campaign_id, segment_id, step, helped, reason, reporter_id, channel, api_key_id,
                          ambassador_id, reminder_email, reminder_language, created_at, updated_at)
    VALUES (%(campaign)s, %(segment)s, %(step)s, %(helped)s, %(reason)s, NULL, %(channel)s, %(api_key)s,
            NULL, '', '', %(now)s, %(now)s)
    RETURNING id
), logged AS (
    INSERT INTO {activity} (actor_id, verb, target_type_id, target_id, target_label, organisation_id, is_public,
                            data, created_at)
    VALUES (NULL, %(verb)s, %(campaign_type)s, %(campaign)s, %(label)s, %(organisation)s, false, %(data)s::jsonb,
            %(now)s)
), counted AS (
    UPDATE {funnel} SET count = count + 1 WHERE campaign_id = %(campaign)s AND {segment_is} AND step = %(step)s
    RETURNING id
), monthly AS (
    INSERT INTO {monthly} (campaign_id, segment_id, month, {", ".join(STEPS)}, adopted)
    VALUES (%(campaign)s, %(segment)s, %(month)s, {", ".join(f"%({s})s" for s in STEPS)}, %(adopted)s)
    ON CONFLICT {conflict} DO UPDATE SET {counts}
), helped AS (
    UPDATE {campaign} SET {", ".join(f"helped_{a} = helped_{a} + %(helped_{a})s" for a in Helped.values)}
    WHERE id = %(campaign)s AND %(helped)s <> ''
), reasons AS (
    UPDATE {reasons} SET pending = pending + 1 WHERE campaign_id = %(campaign)s AND %(reason)s <> ''
    RETURNING pending, computed_at, stale_since
)
SELECT (SELECT id FROM report), (SELECT count(*) FROM counted), {adopted_before}, pending, computed_at, stale_since
FROM (SELECT 1) AS one LEFT JOIN reasons ON true
"""  # noqa: S608


def store(
    *,
    campaign: Campaign,
    segment,
    step: str,
    helped: str,
    reason: str,
    channel: str,
    api_key,
    now: dt.datetime,
    month: dt.date,
) -> Stored:
    """Store the report and move the counts (see ``Stored`` for what comes back)."""
    params = {
        "campaign": campaign.pk,
        "segment": segment.pk if segment is not None else None,
        "step": step,
        "helped": helped,
        "reason": reason,
        "channel": channel,
        "api_key": api_key.pk if api_key is not None else None,
        "now": now,
        "verb": VERB,
        "campaign_type": ContentType.objects.get_for_model(Campaign).pk,
        "label": str(campaign)[:300],
        "organisation": campaign.organisation_id,
        "data": json.dumps({"step": step, "segment": segment.pk if segment is not None else None}),
        "month": month,
        "adopted": int(step in ADOPTED),
        "adopted_steps": sorted(ADOPTED),
        **{name: int(name == step) for name in STEPS},
        **{f"helped_{answer}": int(answer == helped) for answer in Helped.values},
    }
    with connection.cursor() as cursor:
        cursor.execute(_statement(segment is not None), params)
        report_id, counted, adopted_before, *reasons = cursor.fetchone()
    report = AdoptionReport(
        pk=report_id,
        campaign=campaign,
        segment=segment,
        step=step,
        helped=helped,
        reason=reason,
        channel=channel,
        api_key=api_key,
        created_at=now,
        updated_at=now,
    )
    report._state.adding, report._state.db = False, connection.alias
    stored = Stored(report, bool(counted), int(adopted_before), reasons if reasons[0] is not None else None)
    return stored
