"""On PostgreSQL a visitor's new report is stored in one statement (``ingest``): it stores what the ORM path does."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from cocreate.activity.models import Activity
from cocreate.adoption import actions, ingest
from cocreate.adoption.models import AdoptionReport, FunnelCount, MonthlyCount

pytestmark = pytest.mark.django_db

REPORTS = [("heard", None), ("tried", "parents"), ("regular", "parents"), ("recommend", None), ("regular", "seniors")]


def _send(campaign, segments, *, month_ago: bool = False):
    now = timezone.now() - dt.timedelta(days=40 if month_ago else 0)
    for step, segment in REPORTS:
        actions.adoption_report_submit(
            reporter=AnonymousUser(),
            campaign=campaign,
            step=step,
            segment=segments.get(segment),
            helped="" if step == "heard" else "yes",
            reason=" Quick. ",
            now=now,
        )


def _stored(campaign, segments):
    names = {s.pk: name for name, s in segments.items()} | {None: ""}
    return {
        "reports": sorted(
            (names[r.segment_id], r.step, r.helped, r.reason, r.channel, r.reporter_id or 0)
            for r in AdoptionReport.objects.filter(campaign=campaign)
        ),
        "funnel": sorted((names[f.segment_id], f.step, f.count) for f in FunnelCount.objects.filter(campaign=campaign)),
        "monthly": sorted(
            (names[m.segment_id], m.month, m.heard, m.tried, m.regular, m.recommend, m.adopted)
            for m in MonthlyCount.objects.filter(campaign=campaign)
        ),
        "activity": sorted(
            (a.verb, a.actor_id or 0, a.is_public, a.organisation_id, str(a.data))
            for a in Activity.objects.filter(verb="adoption.reported", target_id=campaign.pk)
        ),
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement path is PostgreSQL's")
def test_one_statement_stores_what_the_orm_path_stores(campaign, parents, seniors, monkeypatch):
    segments = {"parents": parents, "seniors": seniors}
    _send(campaign, segments)
    _send(campaign, segments, month_ago=True)
    one_statement = _stored(campaign, segments)

    AdoptionReport.objects.filter(campaign=campaign).delete()
    FunnelCount.objects.filter(campaign=campaign).update(count=0)
    MonthlyCount.objects.filter(campaign=campaign).delete()
    Activity.objects.filter(verb="adoption.reported").delete()
    monkeypatch.setattr(ingest, "applies", lambda reporter, ambassador: False)
    _send(campaign, segments)
    _send(campaign, segments, month_ago=True)
    assert _stored(campaign, segments) == one_statement
    assert sum(count for *_rest, count in one_statement["funnel"]) == 2 * len(REPORTS)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement path is PostgreSQL's")
def test_a_missing_funnel_row_is_made(campaign, parents):
    FunnelCount.objects.filter(campaign=campaign, segment=parents, step="tried").delete()
    actions.adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="tried", segment=parents)
    assert FunnelCount.objects.get(campaign=campaign, segment=parents, step="tried").count == 1


def test_signed_in_people_and_other_databases_take_the_orm_path(citizen, ambassador):
    assert not ingest.applies(citizen, None)
    assert not ingest.applies(AnonymousUser(), ambassador)
    assert ingest.applies(AnonymousUser(), None) == (connection.vendor == "postgresql")


def test_visitors_reaching_a_populations_goal_record_it_once(campaign, official):
    from cocreate.adoption.actions import segment_add

    small = segment_add(actor=official, campaign=campaign, name="Small", goal=2)
    for step in ("tried", "regular", "recommend", "regular"):
        actions.adoption_report_submit(
            reporter=AnonymousUser(), campaign=campaign, step=step, segment=type(small).objects.get(pk=small.pk)
        )
        small.refresh_from_db()
        if step == "regular" and small.goal_reached_at is None:
            assert FunnelCount.objects.get(campaign=campaign, segment=small, step="regular").count == 1
    reached = small.goal_reached_at
    assert reached is not None
    actions.adoption_report_submit(reporter=AnonymousUser(), campaign=campaign, step="regular", segment=small)
    small.refresh_from_db()
    assert small.goal_reached_at == reached  # recorded once
