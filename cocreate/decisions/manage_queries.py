"""Reads for officials who set up a decision: what is locked, what can go on the ballot, codes and paper counts."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from . import sources
from .models import Ballot, Budget, Decision, PaperEntry, PaperSheet, Project, VotingCodeBatch


def has_ballots(decision: Decision) -> bool:
    """Whether any ballot was cast, or any paper sheet entered: from then on a ballot's meaning must not change."""
    return decision.ballots.exists() or decision.paper_sheets.exists()


def budget_has_ballots(budget: Budget) -> bool:
    return budget.ballots.exists() or budget.paper_sheets.exists()


def project_on_ballots(project: Project) -> bool:
    """Whether a ballot or a paper entry names the project. Read in Python: JSON containment is not portable between
    SQLite and PostgreSQL, and this is asked only when an official edits a project."""
    pk = project.pk
    ballots = Ballot.objects.filter(budget_id=project.budget_id).values_list("choices", flat=True)
    entries = PaperEntry.objects.filter(sheet__budget_id=project.budget_id).values_list("choices", flat=True)
    return any(pk in (choices or []) for choices in ballots.iterator()) or any(
        pk in (choices or []) for choices in entries.iterator()
    )


def projects_named_on_ballots(decision: Decision) -> set[int]:
    named: set[int] = set()
    for choices in decision.ballots.values_list("choices", flat=True).iterator():
        named.update(choices or [])
    for choices in PaperEntry.objects.filter(sheet__decision=decision).values_list("choices", flat=True).iterator():
        named.update(choices or [])
    return named


@dataclass(frozen=True)
class CandidateGroup:
    model: str  # "designs.design"
    label: str  # "designs"
    items: list  # each with .estimated_cost set


def ballot_candidates(decision: Decision) -> list[CandidateGroup]:
    """The challenge's designs and ideas that may go on the ballot and are not on it yet, per source."""
    from django.apps import apps

    if decision.challenge is None:
        return []
    groups = []
    for source in sources.ballot_sources():
        model = apps.get_model(source.model)
        on_ballot = decision.projects.filter(source_type=ContentType.objects.get_for_model(model)).values("source_id")
        items = list(source.candidates(decision.challenge).exclude(pk__in=on_ballot).order_by("title", "pk"))
        for item in items:
            item.estimated_cost = source.cost(item)
        groups.append(CandidateGroup(model=source.model, label=str(model._meta.verbose_name_plural), items=items))
    return groups


def candidate(decision: Decision, model: str, pk: int):
    """One of the decision's candidates by its model label and key, or None."""
    source = sources.ballot_source(model)
    if source is None or decision.challenge is None:
        return None
    return source.candidates(decision.challenge).filter(pk=pk).first()


def code_batches(decision: Decision) -> list[VotingCodeBatch]:
    """The decision's batches, newest first, each with ``used`` and ``unused`` counts."""
    batches = decision.code_batches.annotate(
        used=Count("codes", filter=Q(codes__used_at__isnull=False)),
        unused=Count("codes", filter=Q(codes__used_at__isnull=True)),
    ).select_related("created_by")
    return list(batches.order_by("-created_at", "-pk"))


def sheets_to_resolve(decision: Decision) -> list[PaperSheet]:
    return list(
        decision.paper_sheets.filter(status=PaperSheet.Status.MISMATCH)
        .select_related("budget")
        .prefetch_related("entries__entered_by")
    )


def sheets_waiting(decision: Decision) -> list[PaperSheet]:
    return list(
        decision.paper_sheets.filter(status=PaperSheet.Status.WAITING)
        .select_related("budget")
        .prefetch_related("entries__entered_by")
    )


def paper_status_counts(decision: Decision) -> dict[str, int]:
    counts = dict(decision.paper_sheets.values_list("status").annotate(n=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in PaperSheet.Status.values}


@dataclass(frozen=True)
class CountRow:
    budget: str
    where: str  # a polling place or a district
    online: int
    code: int
    paper: int
    imported: int

    @property
    def total(self) -> int:
        return self.online + self.code + self.paper + self.imported


def _count_rows(decision: Decision, field: str) -> list[CountRow]:
    rows = (
        decision.ballots.values("budget__position", "budget_id", "budget__name", field)
        .annotate(
            online=Count("pk", filter=Q(channel=Ballot.Channel.ONLINE)),
            code=Count("pk", filter=Q(channel=Ballot.Channel.CODE)),
            paper=Count("pk", filter=Q(channel=Ballot.Channel.PAPER)),
            imported=Count("pk", filter=Q(channel=Ballot.Channel.IMPORTED)),
        )
        .order_by("budget__position", "budget_id", field)
    )
    return [
        CountRow(
            budget=row["budget__name"],
            where=row[field],
            online=row["online"],
            code=row["code"],
            paper=row["paper"],
            imported=row["imported"],
        )
        for row in rows
    ]


def ballot_counts_by_polling_place(decision: Decision) -> list[CountRow]:
    """How many ballots (never how many votes per project) each budget received per polling place; online ballots
    have none."""
    return _count_rows(decision, "polling_place")


def ballot_counts_by_district(decision: Decision) -> list[CountRow]:
    return _count_rows(decision, "district")
