"""Reads of adoption: the one way to fetch a campaign for a person, and the funnel, read from the counts that
reports keep up to date (never counted from the reports)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.compiled import CompiledQuery
from cocreate.core.errors import NotFound
from cocreate.core.inputs import parse_int

from .models import ADOPTED, STEPS, AdoptionReport, Campaign, FunnelCount, MonthlyCount, Segment, Step


def _campaign_by_pk(pk):
    return Campaign.objects.select_related("stage", "challenge", "challenge__organisation", "project").filter(pk=pk)


# Every report a visitor or an application sends reads its campaign: compiled once per process (core.compiled).
_CAMPAIGN_BY_PK = CompiledQuery(_campaign_by_pk, pk=-7_340_221)


def campaign_for_page(pk, user) -> Campaign:
    """The campaign for a person: 404 when it does not exist or they may not see its challenge."""
    pk = parse_int(pk)
    campaign = _CAMPAIGN_BY_PK.first(pk=pk) if pk is not None else None
    if campaign is None or not user.has_perm("adoption.view_campaign", campaign):
        raise NotFound()
    return campaign


def visible_project(campaign: Campaign, user):
    """The campaign's delivered project, if there is one and the person may see it (moderation may hide it)."""
    project = campaign.project
    if project is None or not user.has_perm("delivery.view_implementationproject", project):
        return None
    return project


def current_report(campaign: Campaign, user):
    """A signed-in person's one report for the campaign, if they made one (visitors' reports name nobody)."""
    if not user.is_authenticated:
        return None
    return AdoptionReport.objects.filter(campaign=campaign, reporter=user).first()


def campaign_of_stage(stage) -> Campaign | None:
    return Campaign.objects.select_related("stage", "challenge").filter(stage=stage).first()


def campaign_for_challenge(challenge):
    """The campaign of the challenge's adoption stage running now, else of its latest adoption stage; with the stage
    (for officials to start a campaign there when it has none)."""
    from .stages import runs_campaigns

    now = timezone.now()
    adoption_stages = [stage for stage in challenge.ordered_stages if runs_campaigns(stage)]
    running = [stage for stage in adoption_stages if stage.is_active(now)]
    stage = (running or adoption_stages[-1:] or [None])[0]
    if stage is None:
        return None, None
    return campaign_of_stage(stage), stage


def visible_campaigns(user) -> QuerySet[Campaign]:
    """Campaigns whose challenge the person may see, newest first."""
    from cocreate.challenges.queries import visible_challenges

    return (
        Campaign.objects.select_related("stage", "challenge", "challenge__organisation")
        .filter(challenge__in=visible_challenges(user))
        .order_by("-created_at", "-pk")
    )


def segments_of(campaign: Campaign) -> list[Segment]:
    return list(Segment.objects.filter(campaign=campaign))


@dataclass
class FunnelRow:
    """One segment's funnel (or everyone's, or the people who named no segment)."""

    name: str
    segment: Segment | None
    counts: dict[str, int]  # step -> reports at that step now
    goal: int | None = None
    goal_date: dt.date | None = None
    estimated_size: int | None = None

    @property
    def reached(self) -> list[tuple[str, str, int, float | None]]:
        """(step, label, people at that step or further, share of the previous step's that came this far)."""
        rows, previous = [], None
        for index, step in enumerate(STEPS):
            at_least = sum(self.counts.get(s, 0) for s in STEPS[index:])
            conversion = at_least / previous if previous else None
            rows.append((step, str(Step(step).label), at_least, conversion))
            previous = at_least
        return rows

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def regular_users(self) -> int:
        return sum(self.counts.get(s, 0) for s in ADOPTED)

    @property
    def progress(self) -> float | None:
        return self.regular_users / self.goal if self.goal else None

    @property
    def progress_percent(self) -> int | None:
        progress = self.progress
        return None if progress is None else min(100, round(progress * 100))


@dataclass
class MonthRow:
    month: dt.date
    reached: dict[str, int]  # step -> reports that reached it in the month
    adopted: int  # net new regular users
    regular_users: int  # regular users at the end of the month


@dataclass
class Funnel:
    campaign: Campaign
    everyone: FunnelRow
    segments: list[FunnelRow]
    unsegmented: FunnelRow
    months: list[MonthRow] = field(default_factory=list)

    @property
    def reports(self) -> int:
        """How many reports: each is counted at one step of one population's funnel."""
        return sum(self.everyone.counts.values())


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start
    while month <= end:
        months.append(month)
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def monthly(campaign: Campaign, segment: Segment | None = None, *, all_segments: bool = True) -> list[MonthRow]:
    """Month by month from the launch to now: reports reaching each step, and regular users at each month's end.
    With ``all_segments`` the campaign's whole; else only ``segment`` (None: people who named none)."""
    rows = MonthlyCount.objects.filter(campaign=campaign)
    if not all_segments:
        rows = rows.filter(segment=segment)
    by_month: dict[dt.date, dict[str, int]] = {}
    for row in rows.values("month", *STEPS, "adopted"):
        totals = by_month.setdefault(row["month"], dict.fromkeys([*STEPS, "adopted"], 0))
        for name in (*STEPS, "adopted"):
            totals[name] += row[name]
    launch = timezone.localtime(campaign.launched_at).date().replace(day=1)
    first = min([launch, *by_month])
    last = max([timezone.localdate().replace(day=1), *by_month])
    result, running = [], 0
    for month in _months(first, last):
        totals = by_month.get(month, dict.fromkeys([*STEPS, "adopted"], 0))
        running += totals["adopted"]
        result.append(MonthRow(month, {s: totals[s] for s in STEPS}, totals["adopted"], running))
    return result


def funnel(campaign: Campaign) -> Funnel:
    """The funnel of every segment, of the people who named none, and of everyone, from the kept counts."""
    segments = segments_of(campaign)
    counts: dict[int | None, dict[str, int]] = {}
    for segment_id, step, count in FunnelCount.objects.filter(campaign=campaign).values_list(
        "segment_id", "step", "count"
    ):
        counts.setdefault(segment_id, {})[step] = count
    rows = [
        FunnelRow(s.name, s, counts.get(s.pk, {}), goal=s.goal, goal_date=s.goal_date, estimated_size=s.estimated_size)
        for s in segments
    ]
    unsegmented = FunnelRow(_("No target population given"), None, counts.get(None, {}))
    everyone_counts = {step: sum(c.get(step, 0) for c in counts.values()) for step in STEPS}
    goal = sum(s.goal for s in segments) or None
    everyone = FunnelRow(_("Everyone"), None, everyone_counts, goal=goal)
    return Funnel(campaign, everyone, rows, unsegmented, monthly(campaign))


def report_count(campaign: Campaign) -> int:
    """How many reports the campaign has: the sum of its funnel counts (one query)."""
    return FunnelCount.objects.filter(campaign=campaign).aggregate(total=Sum("count"))["total"] or 0


def _segment_of_campaign(campaign_id, pk):
    return Segment.objects.filter(campaign_id=campaign_id, pk=pk)


_SEGMENT = CompiledQuery(_segment_of_campaign, campaign_id=-7_340_223, pk=-7_340_227)


def segment_of(campaign: Campaign, pk: int) -> Segment | None:
    """One of the campaign's target populations, or None."""
    return _SEGMENT.first(campaign_id=campaign.pk, pk=pk)
