"""Casting a ballot: the one write every online and code voter goes through (pages, API, scripts).

A submission holds one ballot per budget the voter votes in; each is checked by :func:`ballots.clean_ballot`, the
whole by the decision's budget rule ("vote in all" / "vote in one"), then stored with one upsert, keyed by the voter
(``u<user id>``, ``c<code id>``), so that a later submission replaces the earlier one while voting is open. Every
submission gets a new receipt, the same in each of its budgets.

What is on the ballot (budgets, their districts and amounts, the projects' costs) is read once per process and kept
under a fingerprint of those rows that the decision's own query carries (:func:`with_ballot_fingerprint`), so a cast
costs the decision's query, the code's, and one write: on PostgreSQL a single statement that claims the code (first
use only), drops the voter's ballots in budgets left out and upserts the new ones; elsewhere the same in a
transaction. The two reads are compiled once per process (:mod:`cocreate.core.compiled`).
"""

import secrets
import threading
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import CharField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.challenges.stages import Feature
from cocreate.core.compiled import CompiledQuery
from cocreate.core.errors import NotPermitted
from cocreate.core.permissions import require_perm

from .ballots import clean_ballot
from .errors import InvalidBallot, InvalidCode, VotingClosed
from .models import Ballot, Budget, Decision, Project, VotingCode

PROJECT = "decisions.project"
VOTE_PERM = "decisions.vote_decision"
# Kept at most this long even when the fingerprint did not change (it cannot see every edit, e.g. a district renamed
# to another of the same length).
PAPER_TTL_SECONDS = 60


# --- Who votes -----------------------------------------------------------------------------------------------------


def voter_key_for_user(user) -> str:
    return f"u{user.pk}"


def voter_key_for_code(code: VotingCode) -> str:
    return f"c{code.pk}"


def new_receipt() -> str:
    """16 hexadecimal digits in groups of four (64 random bits): ``3f9a-0c41-77de-b2e5``."""
    raw = secrets.token_hex(8)
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def stage_takes_votes(decision: Decision, now=None) -> bool:
    """The decision's stage is running, lets people vote on projects, and the count has not started."""
    return decision.voting_open(now) and decision.stage.allows(Feature.VOTE, PROJECT)


def takes_residents(decision: Decision) -> bool:
    return decision.voters in (Decision.Voters.RESIDENTS, Decision.Voters.BOTH)


def takes_codes(decision: Decision) -> bool:
    return decision.voters in (Decision.Voters.CODES, Decision.Voters.BOTH)


# --- What is on the ballot -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BallotPaper:
    """The decision's budgets in their order, and each budget's projects with their costs."""

    budgets: dict[int, Budget]
    costs: dict[int, dict[int, Decimal]]  # budget pk -> {project pk: cost}

    def budgets_for(self, district: str) -> list[Budget]:
        """The budgets a voter of ``district`` votes in: city-wide ones, and their district's."""
        return [b for b in self.budgets.values() if not b.district or b.district == district]

    @property
    def districts(self) -> list[str]:
        return sorted({b.district for b in self.budgets.values() if b.district})

    def knows(self, project_pks) -> bool:
        known = {pk for costs in self.costs.values() for pk in costs}
        return all(pk in known for pk in project_pks)


def _fingerprint_sql() -> str:
    """One scalar subquery over the decision's projects and budgets whose text changes when one is added, removed,
    moved, re-priced or re-districted. Hand-written: every cast runs it, and the ORM would compile eight subqueries
    for each request (about 10 ms of CPU), ten times what running it costs."""
    from django.db import connection

    quote = connection.ops.quote_name
    decision, project, budget = (quote(m._meta.db_table) for m in (Decision, Project, Budget))
    # Names from the models' metadata, quoted; no input.
    return (
        f"(COALESCE((SELECT count(*) || '/' || max(id) || '/' || sum(budget_id) || '/' || sum(cost) FROM {project} "  # noqa: S608
        f"WHERE decision_id = {decision}.id), '') || '|' || COALESCE((SELECT count(*) || '/' || max(id) || '/' || "
        f"sum(amount) || '/' || sum(length(district) * id) FROM {budget} WHERE decision_id = {decision}.id), ''))"
    )


def with_ballot_fingerprint(queryset):
    """The decisions of ``queryset`` carrying what tells whether a cached ballot paper is still current."""
    return queryset.annotate(ballot_fingerprint=RawSQL(_fingerprint_sql(), (), output_field=CharField()))  # noqa: S611


def _fingerprint(decision: Decision) -> str:
    if not hasattr(decision, "ballot_fingerprint"):
        return (
            with_ballot_fingerprint(Decision.objects.filter(pk=decision.pk))
            .values_list("ballot_fingerprint", flat=True)
            .get()
        )
    return decision.ballot_fingerprint


_papers: dict[int, tuple[str, float, BallotPaper]] = {}
_papers_lock = threading.Lock()


def ballot_paper(decision: Decision, *, fresh: bool = False) -> BallotPaper:
    """The decision's budgets and project costs, read once per process while they stay the same."""
    fingerprint = _fingerprint(decision)
    cached = _papers.get(decision.pk)
    if not fresh and cached and cached[0] == fingerprint and time.monotonic() - cached[1] < PAPER_TTL_SECONDS:
        return cached[2]
    budgets = {b.pk: b for b in Budget.objects.filter(decision=decision).only("pk", "name", "amount", "district")}
    costs: dict[int, dict[int, Decimal]] = {pk: {} for pk in budgets}
    for pk, budget_id, cost in Project.objects.filter(decision=decision).values_list("pk", "budget_id", "cost"):
        costs.setdefault(budget_id, {})[pk] = cost
    paper = BallotPaper(budgets=budgets, costs=costs)
    with _papers_lock:
        _papers[decision.pk] = (fingerprint, time.monotonic(), paper)
    return paper


# --- Casting ---------------------------------------------------------------------------------------------------------


def _check_voter(decision: Decision, *, voter_key: str, user, code) -> None:
    if not stage_takes_votes(decision):
        raise VotingClosed()
    if code is not None:
        if code.decision_id != decision.pk or not takes_codes(decision):
            raise InvalidCode()
        if voter_key != voter_key_for_code(code):
            raise ValueError("A code voter's key is c<code id>.")
    elif user is not None:
        require_perm(user, VOTE_PERM, decision)
        if not takes_residents(decision):  # superusers pass every rule
            raise NotPermitted()
        if voter_key != voter_key_for_user(user):
            raise ValueError("A signed-in voter's key is u<user id>.")
    else:
        raise NotPermitted()


def check_submission(
    decision: Decision, paper: BallotPaper, ballots: dict, *, district: str
) -> dict[int, tuple[list[int], list[int] | None]]:
    """Every budget's ballot cleaned, or :class:`InvalidBallot` with every reason, by budget in ``budget_errors``."""
    open_to_voter = {b.pk: b for b in paper.budgets_for(district)}
    errors: list[str] = []
    budget_errors: dict[int, list[str]] = {}
    cleaned = {}
    try:
        wanted = {int(pk): value for pk, value in ballots.items()}
    except (TypeError, ValueError):
        raise InvalidBallot(errors=[_("The ballot names a budget that is not in this vote.")]) from None
    for pk in wanted:
        if pk not in paper.budgets:
            errors.append(_("The ballot names a budget that is not in this vote."))
        elif pk not in open_to_voter:
            errors.append(
                _("%(budget)s is for residents of %(district)s.")
                % {"budget": paper.budgets[pk].name, "district": paper.budgets[pk].district}
            )
    if errors:
        raise InvalidBallot(errors=errors)
    if not open_to_voter:
        raise InvalidBallot(errors=[_("No budget of this vote is open to voters of your district.")])
    if decision.budget_rule == Decision.BudgetRule.ONE:
        if len(wanted) != 1:
            errors.append(_("Vote in one budget only.") if wanted else _("Choose a budget to vote in."))
    else:
        missing = [b.name for pk, b in open_to_voter.items() if pk not in wanted]
        if missing:
            errors.append(_("Vote in every budget; still to vote in: %(budgets)s.") % {"budgets": ", ".join(missing)})
    for pk, value in wanted.items():
        choices, points = value if isinstance(value, (tuple, list)) and len(value) == 2 else (value, None)
        try:
            cleaned[pk] = clean_ballot(decision, open_to_voter[pk], choices, points, projects=paper.costs.get(pk, {}))
        except InvalidBallot as invalid:
            budget_errors[pk] = invalid.errors
            name = open_to_voter[pk].name
            errors.extend(
                error if len(open_to_voter) == 1 else _("%(budget)s: %(error)s") % {"budget": name, "error": error}
                for error in invalid.errors
            )
    if errors:
        invalid = InvalidBallot(errors=errors)
        invalid.budget_errors = budget_errors
        raise invalid
    return cleaned


def _chosen_pks(ballots: dict) -> list:
    chosen = []
    for value in ballots.values():
        choices = value[0] if isinstance(value, (tuple, list)) and len(value) == 2 else value
        chosen.extend(choices or [])
    return chosen


def ballot_cast(
    decision: Decision,
    *,
    voter_key: str,
    ballots: dict,
    user=None,
    code: VotingCode | None = None,
    channel: str = Ballot.Channel.ONLINE,
    district: str = "",
    polling_place: str = "",
) -> str:
    """Store one voter's ballots (``ballots``: budget pk -> (project pks, points or None)) and return the receipt.

    The voter is a signed-in resident (``user``, key ``u<id>``, held to ``decisions.vote_decision``) or the holder of
    a printed ``code`` (key ``c<code id>``; claimed on first use, then usable again to change the ballot). A new
    submission replaces the voter's earlier ballots, in every budget, while the stage takes votes. Raises
    :class:`VotingClosed`, :class:`NotPermitted`, :class:`InvalidCode` or :class:`InvalidBallot` and then stores
    nothing.
    """
    _check_voter(decision, voter_key=voter_key, user=user, code=code)
    paper = ballot_paper(decision)
    try:
        known = paper.knows(int(pk) for pk in _chosen_pks(ballots)) and all(int(pk) in paper.budgets for pk in ballots)
    except (TypeError, ValueError):
        known = True  # unreadable: clean_ballot says so
    if not known:  # a project or budget added since the paper was read
        paper = ballot_paper(decision, fresh=True)
    cleaned = check_submission(decision, paper, ballots, district=district)

    now = timezone.now()
    receipt = new_receipt()
    rows = [
        Ballot(
            decision_id=decision.pk,
            budget_id=budget_pk,
            voter_key=voter_key,
            user=user,
            code=code,
            channel=channel,
            district=district,
            polling_place=polling_place,
            receipt=receipt,
            choices=choices,
            points=points,
            created_at=now,
            updated_at=now,
        )
        for budget_pk, (choices, points) in cleaned.items()
    ]
    claim = code is not None and code.used_at is None
    drop_others = len(cleaned) < len(paper.budgets)  # an earlier submission may hold budgets this one leaves out
    if connection.vendor == "postgresql":
        _store_in_one_statement(rows, claim=claim, drop_others=drop_others)
    else:
        with transaction.atomic():
            if claim:
                VotingCode.objects.filter(pk=code.pk, used_at__isnull=True).update(used_at=now)
            Ballot.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["budget", "voter_key"], update_fields=_REPLACED
            )
            if drop_others:
                Ballot.objects.filter(decision=decision, voter_key=voter_key).exclude(
                    budget_id__in=list(cleaned)
                ).delete()
    if user is not None and user.email:
        from .voting_tasks import send_ballot_receipt

        decision_id, user_id = decision.pk, user.pk
        transaction.on_commit(lambda: send_ballot_receipt.enqueue(decision_id=decision_id, user_id=user_id))
    return receipt


def _code_by_digest(digest, decision_id):
    return (
        VotingCode.objects.filter(digest=digest, decision_id=decision_id)
        .select_related("batch")
        .only("pk", "decision_id", "used_at", "batch__district")
        .order_by()
    )


# Every code voter's request looks up their code: compiled once per process (see cocreate.core.compiled). Digests
# are hexadecimal, decision keys positive.
_CODE_BY_DIGEST = CompiledQuery(_code_by_digest, digest="placeholder digest", decision_id=-7_340_213)


_REPLACED = ["user", "code", "channel", "district", "polling_place", "receipt", "choices", "points", "updated_at"]


def _store_in_one_statement(rows: list[Ballot], *, claim: bool, drop_others: bool) -> None:
    """Claim the code, drop the voter's ballots in budgets left out, and upsert the new ones, in one PostgreSQL
    statement (data-modifying WITH clauses). Hand-written because this is the write every voter makes: as one
    statement it is atomic without a transaction, so it costs one round trip instead of five (BEGIN, UPDATE, INSERT,
    DELETE, COMMIT) and no ORM compiling. Other databases take the ORM path in :func:`ballot_cast`."""
    qn = connection.ops.quote_name
    first = rows[0]
    fields = [f for f in Ballot._meta.concrete_fields if not f.primary_key]
    ballot_table = qn(Ballot._meta.db_table)
    clauses, params = [], []
    if claim:
        code_table = qn(VotingCode._meta.db_table)
        clauses.append(f"claimed AS (UPDATE {code_table} SET used_at = %s WHERE id = %s AND used_at IS NULL)")  # noqa: S608
        params += [first.updated_at, first.code_id]
    if drop_others:
        clauses.append(
            f"dropped AS (DELETE FROM {ballot_table} WHERE decision_id = %s AND voter_key = %s "  # noqa: S608
            "AND NOT (budget_id = ANY(%s)))"
        )
        params += [first.decision_id, first.voter_key, [row.budget_id for row in rows]]
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    for row in rows:
        params += [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields]
    replaced = ", ".join(f"{qn(c)} = EXCLUDED.{qn(c)}" for c in (Ballot._meta.get_field(n).column for n in _REPLACED))
    # Table and column names come from the models' metadata, quoted; every value is a parameter.
    sql = (
        ("WITH " + ", ".join(clauses) + " " if clauses else "")
        + f"INSERT INTO {ballot_table} ({', '.join(qn(f.column) for f in fields)}) "
        + f"VALUES {', '.join([one_row] * len(rows))} ON CONFLICT (budget_id, voter_key) DO UPDATE SET {replaced}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def code_for(decision: Decision, typed: str) -> VotingCode:
    """The voting code a voter typed, for this decision; :class:`InvalidCode` when there is no such code."""
    from . import codes

    if not takes_codes(decision) or not codes.looks_like_a_code(typed):
        raise InvalidCode()
    code = _CODE_BY_DIGEST.first(digest=codes.digest(typed), decision_id=decision.pk)
    if code is None:
        raise InvalidCode()
    return code
