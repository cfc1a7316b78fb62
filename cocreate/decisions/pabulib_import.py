"""Importing a Pabulib file as a decision with its projects and ballots, in one transaction: a bad file leaves
nothing behind."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from cocreate.core.permissions import require_perm
from cocreate.sensemaking.errors import SensemakingError
from cocreate.sensemaking.pb_io import APPROVAL, CHOOSE_ONE, ORDINAL, POINT_TYPES, read_pb

from .errors import InvalidPabulibFile
from .models import Ballot, Budget, Decision, Project

BALLOT_TYPES = {
    APPROVAL: Decision.BallotType.APPROVAL,
    CHOOSE_ONE: Decision.BallotType.APPROVAL,
    ORDINAL: Decision.BallotType.RANKED,
    **dict.fromkeys(POINT_TYPES, Decision.BallotType.CUMULATIVE),
}
MAX_FILE_BYTES = 50 * 1024 * 1024


def _money(value: Fraction, what: str) -> Decimal:
    cents = value * 100
    if cents.denominator != 1 or abs(cents.numerator) >= 10**16:
        raise InvalidPabulibFile(
            _("%(what)s (%(value)s) has more than two decimals or is too large.")
            % {"what": what, "value": f"{float(value):.6g}"}
        )
    return Decimal(cents.numerator) / 100


def read_pabulib_text(text: str):
    try:
        return read_pb(text if ("\n" in text or "\r" in text) else text + "\n")
    except SensemakingError as error:
        raise InvalidPabulibFile(
            _("This is not a Pabulib file Cocreate can read: %(reason)s.") % {"reason": error}
        ) from None


@transaction.atomic
def decision_import_pabulib(
    text: str, *, by=None, organisation=None, title: str = "", filename: str = "", rule: str = "", public=False
) -> Decision:
    """Create a decision from the text of a Pabulib file: one budget, its projects (with the file's ids) and its
    ballots (keyed by the file's voter ids, which are also their receipts). ``by`` None is the operator's command.
    The decision is not public until an official publishes it (``public``)."""
    if by is not None:
        require_perm(by, "decisions.import_decision", organisation)
    election = read_pabulib_text(text)
    vote_type = election.vote_type
    meta = election.meta
    budget_amount = _money(election.budget, _("The budget"))
    name = (title or meta.get("description") or filename or _("Imported vote")).strip()[:200]
    decision = Decision.objects.create(
        title=name,
        description=_("Imported from the Pabulib file %(file)s.") % {"file": filename} if filename else "",
        organisation=organisation,
        method=Decision.Method.VOTE,
        ballot_type=BALLOT_TYPES[vote_type],
        rule=rule if rule in Decision.Rule.values else Decision.Rule.MES_COMPLETE,
        min_choices=0,
        max_choices=1 if vote_type == CHOOSE_ONE else None,
        points_per_voter=_whole(meta.get("max_sum_points"), default=10),
        public=public,
        imported_from=(filename or "pabulib")[:255],
        created_by=by,
    )
    budget = Budget.objects.create(
        decision=decision,
        name=(meta.get("unit") or meta.get("subunit") or meta.get("district") or name)[:120],
        amount=budget_amount,
        district=(meta.get("district") or meta.get("subunit") or "")[:120],
    )
    projects = Project.objects.bulk_create(
        Project(
            decision=decision,
            budget=budget,
            title=(project.name or _("Project %(id)s") % {"id": pid})[:200],
            cost=_money(project.cost, _("The cost of project %(id)s") % {"id": pid}),
            category=(project.extra.get("category") or "")[:120],
            district=(project.extra.get("district") or "")[:120],
            external_id=pid[:64],
            position=position,
            added_by=by,
        )
        for position, (pid, project) in enumerate(election.projects.items())
    )
    if any(len(pid) > 64 for pid in election.projects):
        raise InvalidPabulibFile(_("A project id is longer than 64 characters."))
    pks = {project.external_id: project.pk for project in projects}
    seen = set()
    rows = []
    for number, ballot in enumerate(election.ballots, start=1):
        voter = ballot.voter_id or str(number)
        if voter in seen:
            raise InvalidPabulibFile(_("The voter id %(voter)s appears twice.") % {"voter": voter[:64]})
        if len(voter) > 64:
            raise InvalidPabulibFile(_("The voter id %(voter)s… is longer than 64 characters.") % {"voter": voter[:20]})
        seen.add(voter)
        points = None
        if vote_type in POINT_TYPES:
            points = []
            for value in ballot.points or ():
                if value.denominator != 1 or value < 0:
                    raise InvalidPabulibFile(
                        _("Voter %(voter)s gives %(points)s points: only whole numbers of points can be imported.")
                        % {"voter": voter, "points": f"{float(value):g}"}
                    )
                points.append(int(value))
        rows.append(
            Ballot(
                decision=decision,
                budget=budget,
                voter_key=f"i{voter}",
                receipt=voter,
                channel=Ballot.Channel.IMPORTED,
                choices=[pks[pid] for pid in ballot.projects],
                points=points,
            )
        )
    Ballot.objects.bulk_create(rows, batch_size=5000)
    return decision


def _whole(value, *, default: int) -> int:
    try:
        number = int(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return default
    return number if number > 0 else default
