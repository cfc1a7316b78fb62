from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema


class StageOut(Schema):
    type: str
    title: str
    starts_at: datetime
    ends_at: datetime | None = Field(
        description="When the stage closes; null while it stays open with no set end (only the last stage may)."
    )
    features: list[str]


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None


class ChallengeOut(Schema):
    slug: str
    title: str
    summary: str
    organisation: str
    status: str
    active_stage: str | None
    published_at: datetime | None


class ChallengeDetailOut(ChallengeOut):
    problem_statement: str
    affected: str
    evidence: str
    constraints: str
    budget: Decimal | None
    response_days: int | None
    department: str
    partners: list[str]
    stages: list[StageOut]
    indicators: list[IndicatorOut]


class MeasurementOut(Schema):
    id: int
    measured_on: date
    value: Decimal
    source: str
    note: str
    created_at: datetime


class IndicatorMeasurementsOut(Schema):
    indicator: IndicatorOut
    lower_is_better: bool = Field(description="True when the target is below the baseline: the indicator should fall.")
    measurements: list[MeasurementOut] = Field(description="Oldest first.")
