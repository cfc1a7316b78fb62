"""Paper ballots, entered twice: two different officials type what one sheet says. When both readings agree the sheet
becomes a :class:`Ballot` (channel paper, voter key "p<sheet pk>"); when they differ, an official resolves the
sheet by choosing one reading or typing the right one. Paper is entered until the count starts, also after online
voting closed. Every reading passes :func:`ballots.clean_ballot`, as online ballots do."""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from cocreate.activity.actions import activity_record
from cocreate.core.permissions import require_perm

from .ballots import clean_ballot
from .errors import (
    CountingStarted,
    NotACandidate,
    SheetAlreadyCounted,
    SheetDistrictDiffers,
    SheetEnteredTwiceBySamePerson,
    SheetNeedsResolving,
)
from .models import Ballot, Budget, Decision, PaperEntry, PaperSheet

ENTER = "decisions.enter_paper_ballots"


def _reading(decision: Decision, choices: list[int], points: list[int] | None):
    """What two readings must share to agree: the set of projects, their order in a ranking, their points."""
    if decision.ballot_type == Decision.BallotType.RANKED:
        return tuple(choices)
    if decision.ballot_type == Decision.BallotType.CUMULATIVE:
        return frozenset(zip(choices, points or [], strict=False))
    return frozenset(choices)


def _require_counting_not_started(actor, decision: Decision) -> None:
    if decision.results != Decision.Results.NONE:
        raise CountingStarted()
    require_perm(actor, ENTER, decision)


def _ballot_from(sheet: PaperSheet, choices: list[int], points: list[int] | None) -> Ballot:
    now = timezone.now()
    return Ballot.objects.create(
        decision_id=sheet.decision_id,
        budget_id=sheet.budget_id,
        voter_key=f"p{sheet.pk}",
        channel=Ballot.Channel.PAPER,
        district=sheet.district,
        polling_place=sheet.polling_place,
        receipt=secrets.token_hex(8),
        choices=choices,
        points=points,
        created_at=now,
        updated_at=now,
    )


@transaction.atomic
def paper_entry_submit(
    *,
    actor,
    decision: Decision,
    budget: Budget,
    polling_place: str,
    number: str,
    choices,
    points=None,
    district: str = "",
) -> PaperSheet:
    """Record one official's reading of a sheet. The first reading waits; a second one, by another official, either
    agrees (the sheet becomes a ballot) or not (the sheet waits for an official to resolve it)."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require_counting_not_started(actor, decision)
    if budget.decision_id != decision.pk:
        raise NotACandidate()
    choices, points = clean_ballot(decision, budget, choices, points)
    polling_place, number, district = polling_place.strip(), number.strip(), district.strip()
    sheet, created = PaperSheet.objects.select_for_update().get_or_create(
        budget=budget,
        polling_place=polling_place,
        number=number,
        defaults={"decision": decision, "district": district or budget.district},
    )
    if not created:
        if sheet.status != PaperSheet.Status.WAITING:
            raise SheetAlreadyCounted() if sheet.ballot_id else SheetNeedsResolving()
        if district and district != sheet.district:
            raise SheetDistrictDiffers()
    try:
        with transaction.atomic():
            PaperEntry.objects.create(sheet=sheet, entered_by=actor, choices=choices, points=points)
    except IntegrityError:
        raise SheetEnteredTwiceBySamePerson() from None
    entries = list(sheet.entries.all())
    if len(entries) >= 2:
        first, second = entries[0], entries[1]
        if _reading(decision, first.choices, first.points) == _reading(decision, second.choices, second.points):
            sheet.ballot = _ballot_from(sheet, first.choices, first.points)
            sheet.status = PaperSheet.Status.MATCHED
        else:
            sheet.status = PaperSheet.Status.MISMATCH
        sheet.save(update_fields=["ballot", "status"])
    activity_record(
        actor=actor,
        verb="decision.paper_entered",
        target=decision,
        public=False,
        data={"sheet": sheet.pk, "status": sheet.status},
    )
    return sheet


@transaction.atomic
def paper_sheet_resolve(
    *, actor, sheet: PaperSheet, entry: PaperEntry | None = None, choices=None, points=None
) -> PaperSheet:
    """Settle a sheet whose two readings differ: with one of its entries, or with the reading typed here (checked
    as every ballot is)."""
    decision = Decision.objects.select_for_update().get(pk=sheet.decision_id)
    _require_counting_not_started(actor, decision)
    sheet = PaperSheet.objects.select_for_update().select_related("budget").get(pk=sheet.pk)
    if sheet.status != PaperSheet.Status.MISMATCH:
        raise SheetAlreadyCounted()
    if entry is not None:
        if entry.sheet_id != sheet.pk:
            raise NotACandidate()
        choices, points = entry.choices, entry.points
    choices, points = clean_ballot(decision, sheet.budget, choices or [], points)
    sheet.ballot = _ballot_from(sheet, choices, points)
    sheet.status = PaperSheet.Status.RESOLVED
    sheet.resolved_by = actor
    sheet.save(update_fields=["ballot", "status", "resolved_by"])
    activity_record(
        actor=actor,
        verb="decision.paper_resolved",
        target=decision,
        public=False,
        data={"sheet": sheet.pk, "entry": entry.pk if entry else None},
    )
    return sheet
