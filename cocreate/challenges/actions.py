"""Every write to challenges, their stages and their outcome indicators."""

import datetime as dt
from collections import defaultdict, deque
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.activity.actions import activity_record
from cocreate.core.inputs import date_in_range
from cocreate.core.permissions import require_perm
from cocreate.core.slugs import unique_slug
from cocreate.engagement import actions as engagement

from . import processes, stages
from .errors import (
    AlreadyPublished,
    ChallengeHasNoStages,
    DepartmentOfAnotherOrganisation,
    IndicatorHasMeasurements,
    NoNextStage,
    StageDatesInvalid,
    StageDatesOutOfRange,
    StageHasContributions,
    StageHasNoSettings,
    StageOpenEndedNotLast,
    UnknownProcessTemplate,
    UnknownStageType,
)
from .models import Challenge, IndicatorMeasurement, OutcomeIndicator, Stage

MOVING = 1000  # added to kept stages' positions while they move
EDITABLE_FIELDS = (
    "title",
    "summary",
    "problem_statement",
    "affected",
    "evidence",
    "constraints",
    "budget",
    "response_days",
    "visibility",
    "department",
)


@dataclass(frozen=True)
class StageSpec:
    type: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None  # None: the stage stays open until an official sets an end (only the last stage)
    title: str = ""
    description: str = ""


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    id: int | None = None  # an indicator of the challenge to keep (its measurements stay); None: matched by name


@dataclass(frozen=True)
class CreatedChallenge:
    challenge: Challenge
    left_out_stage_types: list[str]  # named by the template but not registered (yet)


def stages_from_template(template: processes.ProcessTemplate, start: dt.datetime) -> list[StageSpec]:
    """Consecutive stages from ``start``, each as long as its type's ``default_days``. A last stage whose type stays
    open by default gets no end; such a type earlier in the list lasts four weeks, as only the last stage may stay
    open (the templates list those types last)."""
    keys = template.available_stage_types()
    specs = []
    for number, key in enumerate(keys, start=1):
        days = stages.get(key).default_days
        if days is None and number < len(keys):
            days = stages.DEFAULT_DAYS
        ends_at = None if days is None else start + dt.timedelta(days=days)
        specs.append(StageSpec(type=key, starts_at=start, ends_at=ends_at))
        start = ends_at  # None only after the last stage
    return specs


@transaction.atomic
def challenge_create(
    *,
    actor,
    organisation,
    department,
    title: str,
    summary: str,
    problem_statement: str,
    template: str,
    starts_at: dt.datetime | None = None,
    affected: str = "",
    evidence: str = "",
    constraints: str = "",
    budget: Decimal | None = None,
    response_days: int | None = None,
    visibility: str = Challenge.Visibility.PUBLIC,
    partners=(),
    indicators: list[IndicatorSpec] = (),
) -> CreatedChallenge:
    """Create a draft challenge whose stages are copied from a process template."""
    require_perm(actor, "challenges.add_challenge", organisation)
    process = processes.get(template)
    if process is None:
        raise UnknownProcessTemplate()
    if department.organisation_id != organisation.pk:
        raise DepartmentOfAnotherOrganisation()
    challenge = Challenge.objects.create(
        organisation=organisation,
        department=department,
        title=title,
        slug=unique_slug(Challenge, title, default="challenge"),
        summary=summary,
        problem_statement=problem_statement,
        affected=affected,
        evidence=evidence,
        constraints=constraints,
        budget=budget,
        response_days=response_days,
        visibility=visibility,
        process_template=template,
        created_by=actor,
    )
    challenge.partners.set(partners)
    if not date_in_range(starts_at):
        raise StageDatesOutOfRange()
    start = starts_at or timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    _replace_stages(challenge, stages_from_template(process, start))
    _replace_indicators(challenge, list(indicators))
    activity_record(actor=actor, verb="challenge.created", target=challenge, public=False, data={"template": template})
    return CreatedChallenge(challenge, process.missing_stage_types())


@transaction.atomic
def challenge_update(*, actor, challenge: Challenge, partners=None, **changes) -> Challenge:
    require_perm(actor, "challenges.change_challenge", challenge)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    if "department" in changes and changes["department"].organisation_id != challenge.organisation_id:
        raise DepartmentOfAnotherOrganisation()
    changed = [name for name, value in changes.items() if getattr(challenge, name) != value]
    for name in changed:
        setattr(challenge, name, changes[name])
    if changed:
        challenge.save(update_fields=[*changed, "updated_at"])
    if partners is not None:
        challenge.partners.set(partners)
    if changed or partners is not None:
        activity_record(
            actor=actor,
            verb="challenge.updated",
            target=challenge,
            public=challenge.is_published,
            data={"fields": changed + (["partners"] if partners is not None else [])},
        )
    return challenge


@transaction.atomic
def challenge_set_stages(*, actor, challenge: Challenge, stage_specs: list[StageSpec]) -> list[Stage]:
    """Replace the challenge's stages. Every type must be registered; stages run in order without overlap."""
    require_perm(actor, "challenges.change_challenge", challenge)
    created = _replace_stages(challenge, stage_specs)
    activity_record(
        actor=actor,
        verb="challenge.stages_changed",
        target=challenge,
        public=challenge.is_published,
        data={"stages": [s.type for s in stage_specs]},
    )
    if challenge.is_published:
        _schedule_stage_announcements(created)
    return created


@transaction.atomic
def challenge_open_next_stage(*, actor, challenge: Challenge, now: dt.datetime | None = None) -> Stage:
    """Open the next stage now: the stage running now (if any) ends and the next one starts, keeping its planned
    end; later stages keep their dates.

    Stages are planned in whole days, so the change happens at the start of today: the running stage's last day
    becomes yesterday and the next stage's first day today, and the stages page can be saved again as it shows. Only
    a running stage that began today ends at this very moment. Followers hear of the opening as of any stage's."""
    require_perm(actor, "challenges.change_challenge", challenge)
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    now = now or timezone.now()
    following = challenge.next_stage(now)
    if following is None:
        raise NoNextStage()
    running = challenge.active_stage(now)
    index = challenge.ordered_stages.index(following)
    previous = challenge.ordered_stages[index - 1] if index else None
    moment = timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time.min))
    if running is not None and running.starts_at >= moment:
        moment = now
    elif running is None and previous is not None and previous.ends_at > moment:
        moment = previous.ends_at  # it ended earlier today: the next one follows on at once
    specs = []
    for stage in challenge.ordered_stages:
        starts_at, ends_at = stage.starts_at, stage.ends_at
        if stage.pk == following.pk:
            starts_at = moment
        elif running is not None and stage.pk == running.pk:
            ends_at = moment
        specs.append(
            StageSpec(
                type=stage.type, starts_at=starts_at, ends_at=ends_at, title=stage.title, description=stage.description
            )
        )
    opened = _replace_stages(challenge, specs)[index]
    activity_record(
        actor=actor,
        verb="challenge.next_stage_opened",
        target=challenge,
        public=challenge.is_published,
        data={"closed": getattr(running, "pk", None), "opened": opened.pk},
    )
    if challenge.is_published:
        _schedule_stage_announcements([opened])
    return opened


@transaction.atomic
def stage_settings_update(*, actor, stage: Stage, **values) -> None:
    """Set what officials may set for one stage (its type's settings model: open to visitors, ballot rules…)."""
    require_perm(actor, "challenges.change_challenge", stage.challenge)
    settings = stage.settings
    if settings is None:
        raise StageHasNoSettings()
    changed = sorted(name for name, value in values.items() if getattr(settings, name) != value)
    for name in changed:
        setattr(settings, name, values[name])
    settings.full_clean()
    settings.save()
    activity_record(
        actor=actor,
        verb="challenge.stage_settings_changed",
        target=stage.challenge,
        public=stage.challenge.is_published,
        data={"stage": stage.pk, "fields": changed},
    )


def _schedule_stage_announcements(stages_of_challenge) -> None:
    """Each stage is announced to the challenge's followers at the moment it opens (the daily sweep of
    ``announce_opened_stages`` catches any that a worker missed; a stage is never announced twice)."""
    from .tasks import announce_stage_opening

    for stage in stages_of_challenge:
        if stage.opening_announced_at is None:
            transaction.on_commit(
                lambda stage_id=stage.pk, opens=stage.starts_at: announce_stage_opening.using(run_after=opens).enqueue(
                    stage_id=stage_id
                )
            )


@transaction.atomic
def challenge_set_indicators(*, actor, challenge: Challenge, indicators: list[IndicatorSpec]) -> None:
    require_perm(actor, "challenges.change_challenge", challenge)
    _replace_indicators(challenge, indicators)
    activity_record(actor=actor, verb="challenge.indicators_changed", target=challenge, public=challenge.is_published)


@transaction.atomic
def challenge_publish(*, actor, challenge: Challenge) -> Challenge:
    require_perm(actor, "challenges.change_challenge", challenge)
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.is_published:
        raise AlreadyPublished()
    if not challenge.stages.exists():
        raise ChallengeHasNoStages()
    challenge.published_at = timezone.now()
    challenge.save(update_fields=["published_at", "updated_at"])
    activity_record(actor=actor, verb="challenge.published", target=challenge, public=True)
    _schedule_stage_announcements(challenge.stages.all())
    engagement.notify_upstream(
        actor=actor, target=challenge, verb="lineage.challenge_published", text=challenge.summary
    )
    return challenge


@transaction.atomic
def stage_announce_opening(*, stage: Stage, now: dt.datetime | None = None) -> list:
    """Tell the challenge's followers, once, that ``stage`` is open. Does nothing for a stage that is not open now,
    of a challenge not published, or announced already (so a retry never tells anyone twice)."""
    now = now or timezone.now()
    stage = Stage.objects.select_for_update().select_related("challenge").get(pk=stage.pk)
    challenge = stage.challenge
    if stage.opening_announced_at is not None or not stage.is_active(now) or not challenge.is_published:
        return []
    stage.opening_announced_at = now
    stage.save(update_fields=["opening_announced_at"])
    activity_record(actor=None, verb="stage.opened", target=challenge, data={"stage": stage.pk})
    what = stage.description or (stage.stage_type.description if stage.stage_type else "")
    text = _("The stage “%(stage)s” of “%(challenge)s” is open: %(what)s") % {
        "stage": stage.display_title,
        "challenge": challenge.title,
        "what": what,
    }
    return engagement.notify(
        recipients=engagement.followers(challenge), actor=None, verb="stage.opened", target=challenge, text=text
    )


def validate_stages(stage_specs: list[StageSpec]) -> None:
    previous_end = None
    for number, spec in enumerate(stage_specs, start=1):
        if not stages.is_registered(spec.type):
            raise UnknownStageType()
        if spec.ends_at is None and number < len(stage_specs):
            raise StageOpenEndedNotLast()
        # ``ends_at`` is the midnight after the last day.
        if not date_in_range(spec.starts_at) or (
            spec.ends_at is not None and not date_in_range(spec.ends_at - dt.timedelta(days=1))
        ):
            raise StageDatesOutOfRange()
        if spec.ends_at is not None and spec.ends_at <= spec.starts_at:
            raise StageDatesInvalid()
        if previous_end is not None and spec.starts_at < previous_end:
            raise StageDatesInvalid()
        previous_end = spec.ends_at


def _replace_stages(challenge: Challenge, stage_specs: list[StageSpec]) -> list[Stage]:
    """Give the challenge these stages. The stages of each type are kept in their order and updated (contributions
    made in them, their settings and their announced opening stay); surplus ones are removed, new ones created."""
    validate_stages(stage_specs)
    existing: dict[str, deque[Stage]] = defaultdict(deque)
    for stage in challenge.stages.order_by("position"):
        existing[stage.type].append(stage)
    plan = [(spec, existing[spec.type].popleft() if existing[spec.type] else None) for spec in stage_specs]
    try:
        Stage.objects.filter(pk__in=[stage.pk for left in existing.values() for stage in left]).delete()
    except ProtectedError:
        raise StageHasContributions() from None
    # Out of the way of the unique (challenge, position) while the kept stages take their new places.
    Stage.objects.filter(pk__in=[stage.pk for _, stage in plan if stage]).update(position=F("position") + MOVING)
    result = []
    for position, (spec, stage) in enumerate(plan):
        stage = stage or Stage(challenge=challenge, type=spec.type)
        stage.position, stage.title, stage.description = position, spec.title, spec.description
        stage.starts_at, stage.ends_at = spec.starts_at, spec.ends_at
        stage.save()
        result.append(stage)
    challenge.__dict__.pop("_ordered_stages", None)
    return result


def _replace_indicators(challenge: Challenge, indicators: list[IndicatorSpec]) -> None:
    """Give the challenge these indicators. An existing one is kept and updated when a spec names its id, or else its
    exact name, so that its measurements (and the designs' success measures that name it) stay; the others are
    removed, unless they have measurements; new ones are created."""
    existing = {indicator.pk: indicator for indicator in challenge.indicators.all()}
    by_name = {indicator.name: indicator for indicator in reversed(list(existing.values()))}
    kept: dict[int, IndicatorSpec] = {}
    for spec in indicators:
        match = existing.get(spec.id) if spec.id is not None else by_name.get(spec.name)
        if match is not None and match.pk not in kept:
            kept[match.pk] = spec
    removed = [pk for pk in existing if pk not in kept]
    if IndicatorMeasurement.objects.filter(indicator_id__in=removed).exists():
        raise IndicatorHasMeasurements()
    OutcomeIndicator.objects.filter(pk__in=removed).delete()
    keep_for = {id(spec): pk for pk, spec in kept.items()}
    for position, spec in enumerate(indicators):
        pk = keep_for.get(id(spec))
        indicator = existing[pk] if pk is not None else OutcomeIndicator(challenge=challenge)
        indicator.name, indicator.unit, indicator.baseline, indicator.target = (
            spec.name,
            spec.unit,
            spec.baseline,
            spec.target,
        )
        indicator.position = position
        indicator.save()
