from datetime import date, datetime

from ninja import Schema


class ProblemOut(Schema):
    id: int
    title: str
    description: str
    status: str
    category: str | None
    challenge: str | None
    organisation: str
    support_count: int
    comment_count: int
    created_at: datetime
    answer_due: date | None
    latitude: float | None  # rounded to the public neighbourhood grid
    longitude: float | None
    url: str


class StatusChangeOut(Schema):
    status: str
    answer: str
    at: datetime


class ProblemDetailOut(ProblemOut):
    department: str | None
    status_history: list[StatusChangeOut]
