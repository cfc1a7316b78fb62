"""Challenges in the JSON API: read by everyone who may see them. Outcome measurements are read the same way and
recorded by the officials of the owning department (session authentication with the CSRF token, as the pages and the
other routers' writes use)."""

from datetime import date
from decimal import Decimal

from ninja import Field, Query, Router, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from cocreate.core.api import InputSchema

from . import outcomes, queries
from .models import Challenge
from .schemas import ChallengeDetailOut, ChallengeOut, IndicatorMeasurementsOut, MeasurementOut

router = Router()


class ChallengeFilters(InputSchema):
    organisation: str = ""
    stage: str = ""
    status: Challenge.Status | None = None
    q: str = ""


def _summary(challenge: Challenge) -> dict:
    return {
        "slug": challenge.slug,
        "title": challenge.title,
        "summary": challenge.summary,
        "organisation": challenge.organisation.slug,
        "status": challenge.status_code if hasattr(challenge, "status_code") else challenge.status(),
        "active_stage": getattr(challenge, "active_stage_type", None),
        "published_at": challenge.published_at,
    }


@router.get("/", response=list[ChallengeOut])
@paginate(PageNumberPagination, page_size=20)
def list_challenges(request, filters: Query[ChallengeFilters]):
    challenges = queries.challenge_list(
        request.user,
        organisation=filters.organisation,
        stage=filters.stage,
        status=filters.status or "",
        text=filters.q[:200],
    )
    return [_summary(c) for c in challenges]


@router.get("/{slug}", response=ChallengeDetailOut)
def get_challenge(request, slug: str):
    challenge = queries.challenge_for_page(slug, request.user)
    active = challenge.active_stage()
    return {
        **_summary(challenge),
        "active_stage": active.type if active else None,
        "problem_statement": challenge.problem_statement,
        "affected": challenge.affected,
        "evidence": challenge.evidence,
        "constraints": challenge.constraints,
        "budget": challenge.budget,
        "response_days": challenge.response_days,
        "department": challenge.department.name,
        "partners": [p.slug for p in challenge.partners.all()],
        "stages": [
            {
                "type": s.type,
                "title": s.display_title,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "features": sorted(s.stage_type.features) if s.stage_type else [],
            }
            for s in challenge.ordered_stages
        ],
        "indicators": list(challenge.indicators.all()),
    }


class MeasurementIn(InputSchema):
    measured_on: date = Field(description="The day measured (YYYY-MM-DD), from 1900-01-01 to today.")
    value: Decimal = Field(max_digits=14, decimal_places=2, description="Below one trillion, at most two decimals.")
    source: str = Field("", max_length=outcomes.MAX_SOURCE_LENGTH)
    note: str = Field("", max_length=outcomes.MAX_NOTE_LENGTH)


@router.get("/{slug}/indicators/{int:indicator_id}/measurements", response=IndicatorMeasurementsOut)
def list_measurements(request, slug: str, indicator_id: int):
    """An outcome indicator of the challenge with its measurements, oldest first."""
    challenge = queries.challenge_for_page(slug, request.user)
    indicator = queries.indicator_for_page(challenge, indicator_id)
    return {
        "indicator": indicator,
        "lower_is_better": indicator.lower_is_better,
        "measurements": queries.measurements_of(indicator),
    }


@router.post("/{slug}/indicators/{int:indicator_id}/measurements", response={201: MeasurementOut}, auth=django_auth)
def record_measurement(request, slug: str, indicator_id: int, payload: MeasurementIn):
    """Record one measurement (officials of the challenge's owning department, and administrators). A measurement
    of the same day and source replaces the one stored."""
    challenge = queries.challenge_for_page(slug, request.user)
    indicator = queries.indicator_for_page(challenge, indicator_id)
    measurement = outcomes.indicator_measurement_record(
        actor=request.user,
        indicator=indicator,
        measured_on=payload.measured_on,
        value=payload.value,
        source=payload.source,
        note=payload.note,
    )
    return Status(201, measurement)
