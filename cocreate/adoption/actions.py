"""Every write of adoption: campaigns and their target populations (officials), and residents' reports, which move
the funnel counts in the same transaction."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation

from cocreate.activity.actions import activity_record, link_create
from cocreate.core.pagecache import page_changed
from cocreate.core.permissions import require_perm

from . import ingest
from .ambassadors import ambassador_counts_move, attributed
from .announcements import campaign_announce_start, segment_goal_check
from .errors import (
    ApiKeyNotForCampaign,
    CampaignExists,
    NotAnAdoptionStage,
    ProjectNotInChallenge,
    ReportsClosed,
    SegmentNameTaken,
    SegmentNotInCampaign,
    SourceNotInChallenge,
)
from .models import ADOPTED, STEPS, AdoptionReport, Campaign, FunnelCount, Helped, MonthlyCount, Segment, Step
from .rules import takes_reports_now
from .stages import runs_campaigns
from .voices import reasons_pending_add, regrouping_claim, regrouping_due

CAMPAIGN_FIELDS = ("title", "service", "how_to_use", "where", "languages", "share_texts", "reminder_after_days")
SEGMENT_FIELDS = ("name", "estimated_size", "area", "languages", "goal", "goal_date")
REASON_LENGTH = 300


def _clean_text(fields: dict) -> dict:
    return {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}


def _check_source(challenge, source) -> None:
    """A campaign's lineage source is a design of its own challenge."""
    if source is None:
        return
    if source._meta.label_lower != "designs.design" or source.challenge_id != challenge.pk:
        raise SourceNotInChallenge()


def _link_project(challenge, project, campaign: Campaign, actor) -> None:
    """The delivered project whose service the campaign spreads: of the same challenge; linked in the lineage."""
    if project is None:
        return
    if project._meta.label_lower != "delivery.implementationproject" or project.challenge_id != challenge.pk:
        raise ProjectNotInChallenge()
    if campaign.project_id != project.pk:
        campaign.project = project
        campaign.save(update_fields=["project", "updated_at"])
    link_create(source=project, target=campaign, kind="taken_up_in", actor=actor)


def _funnel_rows(campaign: Campaign, segment: Segment | None) -> None:
    FunnelCount.objects.bulk_create(
        [FunnelCount(campaign=campaign, segment=segment, step=step) for step in STEPS], ignore_conflicts=True
    )


@transaction.atomic
def campaign_create(
    *,
    actor,
    stage,
    title: str,
    service: str,
    how_to_use: str,
    where: str = "",
    languages: str = "",
    share_texts: str = "",
    reminder_after_days: int = 30,
    source=None,
    project=None,
) -> Campaign:
    """Start the campaign of an adoption stage; ``source`` (a design of the challenge) and ``project`` (the delivered
    project of the challenge whose service it is) are recorded as its lineage, and everyone upstream hears of it."""
    if not runs_campaigns(stage):
        raise NotAnAdoptionStage()
    require_perm(actor, "adoption.add_campaign", stage)
    if Campaign.objects.filter(stage=stage).exists():
        raise CampaignExists()
    challenge = stage.challenge
    _check_source(challenge, source)
    fields = _clean_text(
        {"title": title, "service": service, "how_to_use": how_to_use, "where": where, "languages": languages}
        | {"share_texts": share_texts}
    )
    fields["reminder_after_days"] = reminder_after_days
    campaign = Campaign.objects.create(
        stage=stage, challenge=challenge, organisation_id=challenge.organisation_id, **fields
    )
    _funnel_rows(campaign, None)
    if source is not None:
        link_create(source=source, target=campaign, kind="promoted_in", actor=actor)
    _link_project(challenge, project, campaign, actor)
    activity_record(actor=actor, verb="adoption.campaign_created", target=campaign)
    campaign_announce_start(actor=actor, campaign=campaign)
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, source=None, project=None, **fields) -> Campaign:
    """Change what the campaign says of the service; a ``source`` given is added to its lineage, a ``project``
    given becomes its delivered project."""
    require_perm(actor, "adoption.change_campaign", campaign)
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"campaign_update() got unknown fields {sorted(unknown)}")
    _check_source(campaign.challenge, source)
    fields = _clean_text(fields)
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.save(update_fields=[*fields, "updated_at"])
    if source is not None:
        link_create(source=source, target=campaign, kind="promoted_in", actor=actor)
    _link_project(campaign.challenge, project, campaign, actor)
    activity_record(actor=actor, verb="adoption.campaign_changed", target=campaign, data={"fields": sorted(fields)})
    page_changed(campaign)
    return campaign


@transaction.atomic
def segment_add(*, actor, campaign: Campaign, name: str, goal: int, **fields) -> Segment:
    """Add a target population with its goal of regular users."""
    require_perm(actor, "adoption.change_campaign", campaign)
    unknown = set(fields) - set(SEGMENT_FIELDS)
    if unknown:
        raise TypeError(f"segment_add() got unknown fields {sorted(unknown)}")
    name = name.strip()
    if Segment.objects.filter(campaign=campaign, name__iexact=name).exists():
        raise SegmentNameTaken()
    position = Segment.objects.filter(campaign=campaign).count()
    segment = Segment.objects.create(campaign=campaign, name=name, goal=goal, position=position, **_clean_text(fields))
    _funnel_rows(campaign, segment)
    activity_record(actor=actor, verb="adoption.segment_added", target=campaign, data={"segment": segment.pk})
    page_changed(campaign)
    return segment


@transaction.atomic
def segment_update(*, actor, segment: Segment, **fields) -> Segment:
    require_perm(actor, "adoption.change_campaign", segment.campaign)
    unknown = set(fields) - set(SEGMENT_FIELDS)
    if unknown:
        raise TypeError(f"segment_update() got unknown fields {sorted(unknown)}")
    fields = _clean_text(fields)
    name = fields.get("name")
    if name and Segment.objects.filter(campaign_id=segment.campaign_id, name__iexact=name).exclude(pk=segment.pk):
        raise SegmentNameTaken()
    if "goal" in fields and fields["goal"] != segment.goal:
        fields["goal_reached_at"] = None  # a new goal is celebrated once more when it is reached
    for key, value in fields.items():
        setattr(segment, key, value)
    segment.save(update_fields=list(fields))
    activity_record(actor=actor, verb="adoption.segment_changed", target=segment.campaign, data={"segment": segment.pk})
    page_changed(segment.campaign)
    return segment


# --- reports and the counts they move ------------------------------------------------------------------------------


def month_of(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date().replace(day=1)


def _bump_funnel(campaign_id: int, segment_id: int | None, step: str, delta: int) -> None:
    rows = FunnelCount.objects.filter(campaign_id=campaign_id, segment_id=segment_id, step=step)
    if not rows.update(count=F("count") + delta):  # a row missing (made before its campaign kept counts)
        FunnelCount.objects.create(campaign_id=campaign_id, segment_id=segment_id, step=step, count=max(delta, 0))


def _bump_month(campaign_id: int, segment_id: int | None, month: dt.date, changes: dict[str, int]) -> None:
    changes = {name: delta for name, delta in changes.items() if delta}
    if not changes:
        return
    rows = MonthlyCount.objects.filter(campaign_id=campaign_id, segment_id=segment_id, month=month)
    if rows.update(**{name: F(name) + delta for name, delta in changes.items()}):
        return
    try:
        with transaction.atomic():
            MonthlyCount.objects.create(campaign_id=campaign_id, segment_id=segment_id, month=month, **changes)
    except IntegrityError:  # made meanwhile by another report of the same month
        rows.update(**{name: F(name) + delta for name, delta in changes.items()})


def _bump_helped(campaign_id: int, old: str, new: str) -> None:
    """Move a report's answer to "did it help you?" in the campaign's kept counts (one UPDATE)."""
    changes = {}
    if old:
        changes[f"helped_{old}"] = F(f"helped_{old}") - 1
    if new:
        changes[f"helped_{new}"] = F(f"helped_{new}") + 1
    Campaign.objects.filter(pk=campaign_id).update(**changes)


def _move(report: AdoptionReport, old: tuple[int | None, str] | None, now: dt.datetime) -> None:
    """Move the report in the counts from ``old`` (segment id, step; None for a new report) to where it is now. The
    rows are changed in one order (by segment, then step) so that two reports moving opposite ways cannot
    deadlock."""
    new = (report.segment_id, report.step)
    if old == new:
        return
    funnel: dict[tuple[int | None, str], int] = {}
    months: dict[int | None, dict[str, int]] = {}
    if old is not None:
        funnel[old] = funnel.get(old, 0) - 1
        months.setdefault(old[0], {"adopted": 0})["adopted"] -= int(old[1] in ADOPTED)
    funnel[new] = funnel.get(new, 0) + 1
    changes = months.setdefault(new[0], {"adopted": 0})
    changes["adopted"] += int(new[1] in ADOPTED)
    if old is None or old[1] != new[1]:
        changes[new[1]] = 1
    month = month_of(now)
    for (segment_id, step), delta in sorted(funnel.items(), key=lambda item: (item[0][0] or 0, item[0][1])):
        if delta:
            _bump_funnel(report.campaign_id, segment_id, step, delta)
    for segment_id, delta in sorted(months.items(), key=lambda item: item[0] or 0):
        _bump_month(report.campaign_id, segment_id, month, delta)


# A report written through ``ingest`` checks its population's goal only when near it: the count it reads may miss
# reports written at the same moment (at most as many as are being written at once), so it checks this many early.
GOAL_CHECK_MARGIN = 100


def adoption_report_submit(
    *,
    reporter,
    campaign: Campaign,
    step: str,
    segment: Segment | None = None,
    helped: str = "",
    reason: str = "",
    channel: str = AdoptionReport.Channel.WEB,
    api_key=None,
    ambassador=None,
    now: dt.datetime | None = None,
    reminder_email: str = "",
    earlier: AdoptionReport | None = None,
) -> AdoptionReport:
    """Record how far a resident has come with the service. A signed-in person's report is their one current report
    for the campaign, updated in place (their step moves in the funnel); a visitor's or an application's report is
    a new one that names nobody. The funnel and monthly counts move in the same transaction. ``ambassador`` (whose
    link brought the person) is kept with a new report only, and moves that ambassador's counts as the funnel's.

    A visitor who has tried the service may leave a ``reminder_email`` for the one reminder "do you still use it?"
    (reminders.py); a visitor answering that reminder's link updates the ``earlier`` report it named."""
    reporter = reporter if reporter is not None else AnonymousUser()
    if api_key is not None:
        if api_key.organisation_id != campaign.organisation_id:
            raise ApiKeyNotForCampaign()
        reporter = AnonymousUser()  # the application reports for people it does not name
    if not takes_reports_now.test(reporter, campaign):  # for everyone, superusers too: the stage decides
        raise ReportsClosed()
    require_perm(reporter, "adoption.add_adoptionreport", campaign)
    if step not in STEPS:
        raise ValueError(f"Unknown step {step!r}")
    if helped not in {"", *Helped.values}:
        raise ValueError(f"Unknown answer {helped!r}")
    if segment is not None and segment.campaign_id != campaign.pk:
        raise SegmentNotInCampaign()
    now = now or timezone.now()
    values = {"segment": segment, "step": step, "helped": helped, "reason": reason.strip()[:REASON_LENGTH]}
    ambassador = attributed(ambassador, campaign, reporter)
    if not reporter.is_authenticated and api_key is None and step == Step.TRIED and campaign.reminder_after_days:
        values.update(reminder_email=reminder_email.strip()[:254], reminder_language=translation.get_language() or "")
    # A visitor's or an application's new report, with no address to remember: one statement.
    if ingest.applies(reporter, ambassador) and earlier is None and not values.get("reminder_email"):
        values.pop("reminder_email", None)
        values.pop("reminder_language", None)
        stored = ingest.store(
            campaign=campaign, channel=channel, api_key=api_key, now=now, month=month_of(now), **values
        )
        report, reasons = stored.report, stored.reasons
        if not stored.counted:
            with transaction.atomic():
                _bump_funnel(campaign.pk, report.segment_id, step, 1)
        if (
            step in ADOPTED
            and segment is not None
            and segment.goal_reached_at is None
            and stored.adopted_before + 1 >= segment.goal - GOAL_CHECK_MARGIN
        ):
            with transaction.atomic():
                segment_goal_check(campaign=campaign, segment_id=segment.pk, now=now)
        if report.reason and reasons is None:  # the campaign's first reason: its stored groups are made
            with transaction.atomic():
                reasons_pending_add(campaign.pk, now=now)
        elif report.reason and regrouping_due(*reasons, now=now):
            with transaction.atomic():
                regrouping_claim(campaign.pk, now=now)
        return report
    return _submit(
        reporter, campaign, values, channel=channel, api_key=api_key, ambassador=ambassador, now=now, earlier=earlier
    )


@transaction.atomic
def _submit(
    reporter, campaign: Campaign, values: dict, *, channel, api_key, ambassador, now, earlier
) -> AdoptionReport:
    step, segment = values["step"], values["segment"]
    report = None
    if reporter.is_authenticated:
        report = AdoptionReport.objects.select_for_update().filter(campaign=campaign, reporter=reporter).first()
    elif earlier is not None and api_key is None:
        report = (
            AdoptionReport.objects.select_for_update().filter(pk=earlier.pk, campaign=campaign, reporter=None).first()
        )
    old_helped = report.helped if report is not None else ""
    new_reason = bool(values["reason"]) and (report is None or report.reason != values["reason"])
    if report is None:
        report = AdoptionReport.objects.create(
            campaign=campaign,
            reporter=reporter if reporter.is_authenticated else None,
            channel=channel,
            api_key=api_key,
            ambassador=ambassador,
            created_at=now,
            updated_at=now,
            **values,
        )
        old = None
    else:
        old = (report.segment_id, report.step)
        for name, value in values.items():
            setattr(report, name, value)
        report.updated_at = now
        report.save(update_fields=[*values, "updated_at"])
    activity_record(
        actor=reporter,
        verb="adoption.reported",
        target=campaign,
        public=False,
        data={"step": step, "segment": segment.pk if segment else None},
    )
    # The counts last: every report of a population updates the same rows, and each holds its rows until it commits,
    # so nothing else may run between them and the commit. The number of reports is the funnel's sum (no counter
    # on the campaign, which every report would wait for).
    _move(report, old, now)
    if old_helped != values["helped"]:
        _bump_helped(campaign.pk, old_helped, values["helped"])
    ambassador_counts_move(report, old[1] if old else None)
    if report.step in ADOPTED and (old is None or old[1] not in ADOPTED or old[0] != report.segment_id):
        segment_goal_check(campaign=campaign, segment_id=report.segment_id, now=now)
    if new_reason:
        reasons_pending_add(campaign.pk, now=now)
    return report


def step_label(step: str) -> str:
    return str(Step(step).label)
