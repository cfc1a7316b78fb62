from datetime import date

from ninja import Schema


class OverdueOut(Schema):
    kind: str  # the contribution's model: "problem", "idea"
    id: int
    title: str
    status: str
    answer_due: date
    url: str
