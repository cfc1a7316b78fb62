"""Reads of prototype test rounds: a design's rounds, one round for a person, its testers, and its summary."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from cocreate.core.errors import NotFound, NotPermitted
from cocreate.sensemaking.usability import MeanInterval, TaskTally, mean_with_interval, task_tallies

from .models import Design, RoundFeedback, RoundFinding, RoundSignup, TestRound


def _with_findings() -> Prefetch:
    return Prefetch("findings", queryset=RoundFinding.objects.select_related("answered_in").order_by("created_at"))


def rounds_of(design: Design) -> list[TestRound]:
    """The design's rounds, newest first, with the version each tests and its findings (two queries)."""
    return list(
        design.test_rounds.select_related("version").prefetch_related(_with_findings()).order_by("-created_at", "-pk")
    )


def round_for_page(design_id: int, round_id: int, user, *, perm: str = "designs.view_testround") -> TestRound:
    test_round = (
        TestRound.objects.select_related(
            "design__challenge", "design__organisation", "design__author", "design__current_version", "version"
        )
        .filter(pk=round_id, design_id=design_id)
        .first()
    )
    if test_round is None or not user.has_perm("designs.view_testround", test_round):
        raise NotFound()
    if perm != "designs.view_testround" and not user.has_perm(perm, test_round):
        raise NotPermitted()
    return test_round


def signup_of(user, test_round: TestRound) -> RoundSignup | None:
    if not user.is_authenticated:
        return None
    return RoundSignup.objects.filter(round=test_round, user=user).select_related("feedback").first()


def feedback_of(signup: RoundSignup | None) -> RoundFeedback | None:
    if signup is None:
        return None
    try:
        return signup.feedback
    except RoundFeedback.DoesNotExist:
        return None


def signups(test_round: TestRound) -> QuerySet[RoundSignup]:
    """For the official who confirms testers: everyone who signed up, with whether they gave feedback."""
    return test_round.signups.select_related("user", "feedback").order_by("created_at", "pk")


@dataclass(frozen=True)
class TaskResult:
    number: int
    text: str
    tally: TaskTally


@dataclass(frozen=True)
class RoundSummary:
    testers: int
    tasks: list[TaskResult]
    sus: MeanInterval


def summary(test_round: TestRound) -> RoundSummary:
    """Completion per task and the SUS mean with its 95% interval, from every feedback given (one query)."""
    rows = list(test_round.feedback.values_list("task_outcomes", "sus_score"))
    tallies = task_tallies((outcomes for outcomes, _score in rows), len(test_round.tasks))
    return RoundSummary(
        testers=len(rows),
        tasks=[
            TaskResult(n, text, tally)
            for n, (text, tally) in enumerate(zip(test_round.tasks, tallies, strict=True), start=1)
        ],
        sus=mean_with_interval(float(score) for _outcomes, score in rows),
    )


def written_answers(test_round: TestRound) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """What testers wrote, for the people who run the round: each question with its answers, and the comments. In
    alphabetical order, so that nothing ties a text to a tester number in the results."""
    rows = list(test_round.feedback.values_list("answers", "comment"))
    per_question = [
        (question, sorted(a[i] for a, _c in rows if i < len(a) and a[i]))
        for i, question in enumerate(test_round.questions)
    ]
    return per_question, sorted(c for _a, c in rows if c)


def open_findings(design: Design) -> QuerySet[RoundFinding]:
    """Findings that a new version of the design may answer."""
    return (
        RoundFinding.objects.filter(round__design=design, answered_in__isnull=True)
        .select_related("round__version")
        .order_by("round__created_at", "created_at", "pk")
    )


def result_rows(test_round: TestRound) -> list[dict]:
    """One row per tester, numbered in the order feedback was first given: no names, ids or written text."""
    rows = []
    for number, feedback in enumerate(test_round.feedback.order_by("created_at", "pk"), start=1):
        row = {"tester": number}
        for index in range(len(test_round.tasks)):
            outcomes = feedback.task_outcomes
            row[f"task_{index + 1}"] = outcomes[index] if index < len(outcomes) else ""
        for index, answer in enumerate(feedback.sus_answers, start=1):
            row[f"sus_{index}"] = answer
        row["sus_score"] = float(feedback.sus_score)
        rows.append(row)
    return rows


PERSONAL_DATA_COVERS = (
    "designs.RoundSignup.user",
    "designs.RoundSignup.decided_by",
    "designs.TestRound.created_by",
    "designs.RoundFinding.recorded_by",
)


def personal_data(user) -> dict:
    signups_ = RoundSignup.objects.filter(user=user).select_related("round").order_by("pk")
    feedback = RoundFeedback.objects.filter(signup__user=user).select_related("round").order_by("pk")
    return {
        "test_round_signups": [
            {
                "design": s.round.design_id,
                "round": s.round_id,
                "round_title": s.round.title,
                "why_you_fit": s.motivation,
                "status": s.status,
                "signed_up": s.created_at.isoformat(),
            }
            for s in signups_
        ],
        "test_round_feedback": [
            {
                "design": f.round.design_id,
                "round": f.round_id,
                "tasks": [
                    {"task": task, "outcome": f.task_outcomes[i] if i < len(f.task_outcomes) else None}
                    for i, task in enumerate(f.round.tasks)
                ],
                "sus_answers": f.sus_answers,
                "sus_score": float(f.sus_score),
                "answers": [
                    {"question": q, "answer": f.answers[i] if i < len(f.answers) else ""}
                    for i, q in enumerate(f.round.questions)
                ],
                "comment": f.comment,
                "given": f.created_at.isoformat(),
                "changed": f.updated_at.isoformat(),
            }
            for f in feedback
        ],
        "test_rounds_planned": [
            {"design": r.design_id, "round": r.pk, "title": r.title, "created": r.created_at.isoformat()}
            for r in TestRound.objects.filter(created_by=user).order_by("pk")
        ],
        # Whom the person confirmed or declined is the testers' data: only the rounds and how many.
        "testers_decided": [
            {"round": round_id, "decisions": count}
            for round_id, count in RoundSignup.objects.filter(decided_by=user)
            .values_list("round")
            .annotate(count=Count("pk"))
            .order_by("round")
        ],
        "test_findings_recorded": [
            {"round": f.round_id, "finding": f.text, "severity": f.severity, "recorded": f.created_at.isoformat()}
            for f in RoundFinding.objects.filter(recorded_by=user).order_by("pk")
        ],
    }


def erase_person(user, *, emails) -> None:
    """Erasure: what the person wrote in their own words when signing up to test and in their feedback is removed;
    their task outcomes and usability answers stay in the round's results, which never named them."""
    RoundSignup.objects.filter(user=user).update(motivation="")
    RoundFeedback.objects.filter(signup__user=user).update(comment="", answers=[])
