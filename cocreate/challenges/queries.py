"""Reads of challenges for a viewer: what they may see, filtered, searched and grouped."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from cocreate.core.errors import NotFound
from cocreate.core.inputs import parse_int
from cocreate.organisations.queries import organisation_ids_where

from . import stages
from .models import Challenge, IndicatorMeasurement, OutcomeIndicator, Stage


def visible_challenges(user) -> QuerySet[Challenge]:
    """The challenges a person may see, expressed in SQL (the same rule as ``challenges.view_challenge``)."""
    challenges = Challenge.objects.all()
    if getattr(user, "is_superuser", False):
        return challenges
    visible = Q(published_at__isnull=False, visibility=Challenge.Visibility.PUBLIC)
    if user.is_authenticated:
        visible |= Q(published_at__isnull=False, invited=user)
        official_of = organisation_ids_where(user, {"official", "admin"})
        if official_of:
            visible |= Q(organisation_id__in=official_of)
    return challenges.filter(visible).distinct()


def challenge_list(user, *, organisation: str = "", stage: str = "", status: str = "", text: str = ""):
    challenges = (
        visible_challenges(user)
        .with_status()
        .select_related("organisation", "department")
        .order_by("-published_at", "-created_at")
    )
    if organisation:
        challenges = challenges.filter(organisation__slug=organisation)
    if stage:
        challenges = challenges.filter(active_stage_type=stage)
    if status:
        challenges = challenges.filter(status_code=status)
    if text:
        for word in text.split()[:8]:
            challenges = challenges.filter(
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(problem_statement__icontains=word)
            )
    return challenges


def open_now_by_stage(user, *, per_stage: int = 6) -> list[dict]:
    """For the home page: public challenges running now, grouped by the kind of their active stage."""
    challenges = list(
        challenge_list(user, status=Challenge.Status.OPEN).filter(visibility=Challenge.Visibility.PUBLIC)[:60]
    )
    groups: dict[str, list[Challenge]] = {}
    for challenge in challenges:
        groups.setdefault(challenge.active_stage_type, []).append(challenge)
    return [
        {"stage_type": stages.get(key), "challenges": items[:per_stage]}
        for key, items in groups.items()
        if stages.get(key) is not None
    ]


def challenge_for_page(slug: str, user) -> Challenge:
    """The one way to fetch a challenge for a person: 404 when it does not exist or they may not see it."""
    # Its stages load when first asked for (``ordered_stages``); the detail page's indicators and partners when that
    # page shows them. Prefetching them here cost every other page two queries.
    challenge = Challenge.objects.select_related("organisation", "department").filter(slug=slug).first()
    if challenge is None or not user.has_perm("challenges.view_challenge", challenge):
        raise NotFound()
    return challenge


def managed_challenges(user) -> QuerySet[Challenge]:
    """The back office list: every challenge of the organisations where the person is an official."""
    challenges = Challenge.objects.with_status().select_related("organisation", "department")
    if not user.is_superuser:
        official_of = organisation_ids_where(user, {"official", "admin"})
        challenges = challenges.filter(organisation_id__in=official_of)
    return challenges.order_by("-created_at")


def timeline(challenge: Challenge, now=None) -> list[dict]:
    """The challenge's stages in order, each with its state and, once it has begun, the address of its pages (a
    finished vote's results stay a click away while the next stage runs)."""
    now = now or timezone.now()
    entries = []
    for stage in challenge.ordered_stages:
        state = "active" if stage.is_active(now) else ("done" if stage.is_over(now) else "later")
        entry = stage.stage_type.entry_for(challenge) if stage.stage_type and state != "later" else None
        summary = stage.stage_type.summary_for(stage) if stage.stage_type and state != "later" else None
        entries.append({"stage": stage, "state": state, "url": entry[1] if entry else "", "summary": summary})
    return entries


def stages_opened_unannounced(now=None) -> list[int]:
    """The ids of the stages of published challenges that are open now and whose opening was not announced yet."""
    now = now or timezone.now()
    return list(
        Stage.objects.active(now)
        .filter(opening_announced_at=None, challenge__published_at__isnull=False)
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
    )


def draft_count(user) -> int:
    """How many challenges of the person's organisations are drafts, waiting to be published (one query)."""
    drafts = Challenge.objects.filter(published_at__isnull=True)
    if not user.is_superuser:
        drafts = drafts.filter(organisation_id__in=organisation_ids_where(user, {"official", "admin"}))
    return drafts.count()


SEARCH_FIELDS = ("title", "summary", "problem_statement")


def searchable_challenges(user) -> QuerySet[Challenge]:
    """For site-wide search: the challenges the person may see, with their status and active stage."""
    return visible_challenges(user).with_status()


def search_result(challenge: Challenge) -> dict:
    stage_type = stages.get(challenge.active_stage_type) if challenge.active_stage_type else None
    status_label = Challenge.Status(challenge.status_code).label
    if stage_type is not None:
        status_label = f"{status_label} · {stage_type.label}"
    return {
        "title": challenge.title,
        "summary": challenge.summary,
        "url": challenge.get_absolute_url(),
        "status": challenge.status_code,
        "status_label": status_label,
    }


def indicators_with_latest(challenge: Challenge) -> list[OutcomeIndicator]:
    """The challenge's indicators, each with ``latest_value`` and ``latest_on`` (its most recent measurement: the
    latest day, and of that day the one recorded last) and ``measurement_count``, in one query. On a finished
    challenge, ``reached`` says whether the latest value reaches the target (None: no target, or not measured)."""
    latest = IndicatorMeasurement.objects.filter(indicator=OuterRef("pk")).order_by(
        "-measured_on", "-created_at", "-pk"
    )
    indicators = list(
        challenge.indicators.annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("measured_on")[:1]),
            measurement_count=Count("measurements"),
        ).order_by("position", "pk")
    )
    for indicator in indicators:
        indicator.reached = indicator.reached_by(indicator.latest_value)
    return indicators


def indicator_for_page(challenge: Challenge, indicator_id: int) -> OutcomeIndicator:
    """One indicator of a challenge the person may already see (``challenge_for_page``); 404 for any other id."""
    indicator_id = parse_int(indicator_id)
    indicator = challenge.indicators.filter(pk=indicator_id).first() if indicator_id is not None else None
    if indicator is None:
        raise NotFound()
    indicator.challenge = challenge  # already checked and loaded: no second query, no second permission check
    return indicator


def measurements_of(indicator: OutcomeIndicator) -> list[IndicatorMeasurement]:
    """The indicator's measurements, oldest first."""
    return list(indicator.measurements.order_by("measured_on", "pk"))
