import datetime as dt

from ninja import Field, Schema

from cocreate.core.api import InputSchema
from cocreate.core.inputs import MAX_INTEGER

from .models import Helped, Step


class SegmentOut(Schema):
    id: int
    name: str
    estimated_size: int | None
    area: str
    languages: str
    goal: int
    goal_date: dt.date | None


class CampaignOut(Schema):
    id: int
    title: str
    service: str
    how_to_use: str
    where: str
    languages: str
    challenge: str = Field(..., description="The challenge's short name (slug).")
    organisation: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    takes_reports: bool = Field(..., description="Whether the campaign's stage runs now and takes reports.")
    report_count: int
    segments: list[SegmentOut]
    url: str


class StepOut(Schema):
    step: Step
    count: int = Field(..., description="Reports at this step now.")
    reached: int = Field(..., description="Reports at this step or further.")
    conversion: float | None = Field(..., description="Share of the step before that came this far.")


class FunnelRowOut(Schema):
    segment: int | None = Field(..., description="The segment's id; null for everyone and for no segment given.")
    name: str
    goal: int | None
    goal_date: dt.date | None
    regular_users: int
    progress: float | None = Field(..., description="Regular users divided by the goal.")
    steps: list[StepOut]


class MonthOut(Schema):
    month: dt.date
    heard: int
    tried: int
    regular: int
    recommend: int
    regular_users: int = Field(..., description="Regular users at the end of the month.")


class ForecastPointOut(Schema):
    month: dt.date
    observed: int | None
    fitted: float
    low: float
    high: float


class ForecastOut(Schema):
    available: bool
    reason: str = Field(..., description="Why there is no forecast, when there is none.")
    p: float | None = None
    q: float | None = None
    m: float | None = None
    m_low: float | None = None
    m_high: float | None = None
    points: list[ForecastPointOut] = []


class FunnelOut(Schema):
    campaign: int
    report_count: int
    segments: list[FunnelRowOut]
    unsegmented: FunnelRowOut
    everyone: FunnelRowOut
    months: list[MonthOut]
    forecast: ForecastOut


class ReportIn(InputSchema):
    step: Step
    segment: int | None = Field(None, ge=1, le=MAX_INTEGER, description="One of the campaign's segment ids.")
    helped: Helped | None = None
    reason: str = Field("", max_length=300)
    ambassador: str | None = Field(
        None,
        pattern=r"^[A-Za-z0-9_-]{6,16}$",
        description="The code of the ambassador's link the person came by; an unknown or stopped one is ignored.",
    )


class ReportOut(Schema):
    id: int
    step: Step
    segment: int | None
    helped: str
    reason: str
    channel: str
    ambassador_attributed: bool = Field(False, description="Whether the report counts for an ambassador's link.")
