from datetime import datetime
from decimal import Decimal

from ninja import Schema


class StageOut(Schema):
    type: str
    title: str
    starts_at: datetime
    ends_at: datetime
    features: list[str]


class IndicatorOut(Schema):
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
