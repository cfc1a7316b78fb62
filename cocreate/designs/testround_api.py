"""A design's test rounds in the JSON API, with their summaries: what anyone who may see the design may read (no
names, no written answers)."""

import datetime as dt

from ninja import Router, Schema

from . import queries, testround_queries

router = Router()


class TestRoundTaskOut(Schema):
    number: int
    task: str
    yes: int
    with_help: int
    no: int
    completion: float | None


class TestRoundSusOut(Schema):
    testers: int
    mean: float | None
    ci95_low: float | None
    ci95_high: float | None


class TestRoundFindingOut(Schema):
    text: str
    severity: str
    answered_in_version: int | None


class TestRoundOut(Schema):
    id: int
    title: str
    version: int
    status: str
    tasks: list[str]
    questions: list[str]
    criteria: str
    places: int
    places_left: int
    starts_at: dt.date
    ends_at: dt.date
    testers_with_feedback: int
    task_results: list[TestRoundTaskOut]
    sus: TestRoundSusOut
    findings: list[TestRoundFindingOut]
    url: str


def _round(test_round) -> dict:
    summary = testround_queries.summary(test_round)
    return {
        "id": test_round.pk,
        "title": test_round.title,
        "version": test_round.version.number,
        "status": test_round.status,
        "tasks": test_round.tasks,
        "questions": test_round.questions,
        "criteria": test_round.criteria,
        "places": test_round.places,
        "places_left": test_round.places_left,
        "starts_at": test_round.starts_at,
        "ends_at": test_round.ends_at,
        "testers_with_feedback": summary.testers,
        "task_results": [
            {
                "number": t.number,
                "task": t.text,
                "yes": t.tally.yes,
                "with_help": t.tally.with_help,
                "no": t.tally.no,
                "completion": t.tally.completion,
            }
            for t in summary.tasks
        ],
        "sus": {
            "testers": summary.sus.n,
            "mean": summary.sus.mean,
            "ci95_low": summary.sus.low,
            "ci95_high": summary.sus.high,
        },
        "findings": [
            {
                "text": f.text,
                "severity": f.severity,
                "answered_in_version": f.answered_in.number if f.answered_in else None,
            }
            for f in test_round.findings.all()
        ],
        "url": test_round.get_absolute_url(),
    }


@router.get("/{int:design_id}/test-rounds", response=list[TestRoundOut])
def list_test_rounds(request, design_id: int):
    design = queries.design_for_page(design_id, request.user)
    return [_round(r) for r in testround_queries.rounds_of(design)]
