"""Reads of results: the published counts, an official's dry runs, a voter's ballot and share, receipt lookups."""

from __future__ import annotations

import re

from .models import Ballot, Decision, TallyRun
from .tally import share_of

SPACES = re.compile(r"\s+")


def published_runs(decision: Decision) -> list[TallyRun]:
    """Each budget's published count, in the budgets' order ([] until the results are published)."""
    if decision.results != Decision.Results.PUBLISHED:
        return []
    return list(
        TallyRun.objects.filter(decision=decision, dry_run=False, status=TallyRun.Status.DONE)
        .select_related("budget")
        .order_by("budget__position", "budget_id")
        .defer("ballots_file", "tally_file")
    )


def published_run(decision: Decision, budget_id: int) -> TallyRun | None:
    if decision.results != Decision.Results.PUBLISHED:
        return None
    return (
        TallyRun.objects.filter(decision=decision, budget_id=budget_id, dry_run=False, status=TallyRun.Status.DONE)
        .select_related("budget")
        .first()
    )


def latest_dry_runs(decision: Decision) -> list[TallyRun]:
    """The newest dry run of each budget (queued, running, done or failed)."""
    latest = {}
    for run in (
        TallyRun.objects.filter(decision=decision, dry_run=True)
        .select_related("budget")
        .defer("ballots_file", "tally_file")
        .order_by("budget_id", "-created_at", "-pk")
    ):
        latest.setdefault(run.budget_id, run)
    return sorted(latest.values(), key=lambda run: (run.budget.position, run.budget_id))


def counting_runs(decision: Decision) -> list[TallyRun]:
    """The official counts under way (while the results are being counted)."""
    return list(
        TallyRun.objects.filter(
            decision=decision, dry_run=False, status__in=[TallyRun.Status.QUEUED, TallyRun.Status.RUNNING]
        ).select_related("budget")
    )


def failed_counts(decision: Decision) -> list[TallyRun]:
    """The latest official count of each budget that failed, with the reason (for officials)."""
    latest = {}
    for run in (
        TallyRun.objects.filter(decision=decision, dry_run=False)
        .select_related("budget")
        .defer("ballots_file", "tally_file")
        .order_by("budget_id", "-created_at", "-pk")
    ):
        latest.setdefault(run.budget_id, run)
    return [run for run in latest.values() if run.status == TallyRun.Status.FAILED]


def normalise_receipt(text: str) -> str:
    """A receipt as typed, without spaces, in lower case."""
    return SPACES.sub("", text or "").lower()[:64]


def receipt_lookup(decision: Decision, receipt: str) -> list[dict]:
    """For each published budget, whether a ballot with this receipt is in the published file, and the line of the
    file with it (voter id, projects)."""
    typed = SPACES.sub("", receipt or "")[:64]
    candidates = list(dict.fromkeys([normalise_receipt(receipt), typed]))  # an imported file's ids keep their case
    found = []
    if not typed:
        return found
    for run in TallyRun.objects.filter(decision=decision, dry_run=False, status=TallyRun.Status.DONE).select_related(
        "budget"
    ):
        line = next((line for c in candidates if (line := _line_for(run.ballots_file, c)) is not None), None)
        if line is not None:
            projects = run.outcome.get("projects", {})
            fields = line.split(";")
            ids = fields[1].split(",") if len(fields) > 1 and fields[1] else []
            found.append(
                {
                    "run": run,
                    "budget": run.budget,
                    "line": line,
                    "projects": [{"id": pid, "name": projects.get(pid, {}).get("name", pid)} for pid in ids],
                }
            )
    return found


def _line_for(ballots_file: str, receipt: str) -> str | None:
    votes = ballots_file.find("\nVOTES\n")
    if votes < 0:
        return None
    start = ballots_file.find(f"\n{receipt};", votes + 7)
    if start < 0:
        return None
    end = ballots_file.find("\n", start + 1)
    return ballots_file[start + 1 : end if end >= 0 else None]


def voter_share(run: TallyRun, user) -> dict | None:
    """A signed-in voter's ballot in this count, and where their share went (equal shares)."""
    if not getattr(user, "is_authenticated", False):
        return None
    ballot = Ballot.objects.filter(budget_id=run.budget_id, user=user).first()
    if ballot is None:
        return None
    projects = run.outcome.get("projects", {})
    file_id = {entry["pk"]: pid for pid, entry in projects.items()}
    choices = [file_id[pk] for pk in ballot.choices if pk in file_id]
    spent = share_of(run.outcome, choices, ballot.points)
    return {
        "ballot": ballot,
        "choices": [{"id": pid, **projects[pid]} for pid in choices],
        "spent": spent,
        "per_voter": run.outcome.get("per_voter"),
        "any_selected": any(projects[pid]["selected"] for pid in choices),
    }


def live_counts(decision: Decision) -> dict[int, int]:
    """How many ballots chose each project so far (only shown where the decision allows live counts)."""
    counts: dict[int, int] = {}
    for choices in Ballot.objects.filter(decision=decision).values_list("choices", flat=True).iterator():
        for pk in choices or ():
            counts[pk] = counts.get(pk, 0) + 1
    return counts


def voters_of(projects) -> set[int]:
    """The signed-in voters whose ballot chose any of these projects on the ballot, as user ids: one query per
    decision. PostgreSQL picks the ballots by JSON containment; SQLite, which has none, reads the decision's ballots."""
    from collections import defaultdict

    from django.db import connection
    from django.db.models import Q

    chosen: dict[int, set[int]] = defaultdict(set)
    for project in projects:
        chosen[project.decision_id].add(project.pk)
    people: set[int] = set()
    for decision_id, pks in chosen.items():
        ballots = Ballot.objects.filter(decision_id=decision_id, user__isnull=False)
        if connection.features.supports_json_field_contains:
            where = Q()
            for pk in pks:
                where |= Q(choices__contains=[pk])
            people.update(ballots.filter(where).values_list("user_id", flat=True).distinct())
        else:
            for user_id, choices in ballots.values_list("user_id", "choices").iterator():
                if pks.intersection(choices or ()):
                    people.add(user_id)
    return people


def voters_of_items(items) -> set[int]:
    """For the lineage's notifications: who voted for any of these items (ideas, designs) where they were on a
    ballot."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from .models import Project

    where = Q()
    for item in items:
        if isinstance(item, (Decision, Project)) or not hasattr(item, "_meta"):
            continue
        where |= Q(source_type=ContentType.objects.get_for_model(item), source_id=item.pk)
    if not where:
        return set()
    return voters_of(Project.objects.filter(where).only("pk", "decision_id"))
