"""The JSON API of decisions: vote. Everyone who may see a decision reads it with its budgets and projects (never
with counts while voting is open); a signed-in resident (session with the CSRF token, as the pages use) or the
holder of a printed code (header ``X-Voting-Code``) casts, changes and reads their ballot."""

from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.security import APIKeyHeader, django_auth

from cocreate.core import ratelimit
from cocreate.core.api import InputSchema
from cocreate.core.errors import NotPermitted

from . import voting, voting_queries
from .errors import InvalidCode, NotEligible
from .models import Ballot, Decision

router = Router()
CODE_FAILURES = {"limit": 100, "window": 600}  # wrong codes per address before it is refused for a while


class VotingCodeHeader(APIKeyHeader):
    """A printed voting code, sent in the ``X-Voting-Code`` header: it is the voter's credential."""

    param_name = "X-Voting-Code"

    def authenticate(self, request, key):
        return VotingCodeCredential(key) if key else None


class VotingCodeCredential(str):
    pass


VOTER_AUTH = [VotingCodeHeader(), django_auth]


class ProjectOut(Schema):
    id: int
    title: str
    description: str
    cost: Decimal
    district: str
    category: str


class BudgetOut(Schema):
    id: int
    name: str
    amount: Decimal
    district: str
    projects: list[ProjectOut]


class DecisionOut(Schema):
    id: int
    title: str
    description: str
    method: str
    ballot_type: str
    rule: str
    min_choices: int
    max_choices: int | None
    points_per_voter: int
    max_points_per_project: int | None
    min_budget_share: int
    budget_rule: str
    voters: str
    min_age: int | None
    eligibility: str
    currency: str
    voting_open: bool
    opens_at: datetime | None
    closes_at: datetime | None
    results: str
    url: str
    budgets: list[BudgetOut]


class BudgetBallotIn(InputSchema):
    budget: int
    choices: list[int] = Field(..., max_length=1000, description="Project ids; best first in a ranking.")
    points: list[int] | None = Field(None, max_length=1000, description="Points ballots: points for each choice.")


class BallotIn(InputSchema):
    ballots: list[BudgetBallotIn] = Field(..., max_length=100)
    district: str = Field("", max_length=120, description="Where the voter lives, when the decision has districts.")
    confirm_eligible: bool = Field(
        False, description="The voter confirms the decision's minimum age and condition (signed-in residents)."
    )


class BudgetBallotOut(Schema):
    budget: int
    choices: list[int]
    points: list[int] | None


class BallotOut(Schema):
    receipt: str
    channel: str
    district: str
    ballots: list[BudgetBallotOut]


def _decision(decision: Decision) -> dict:
    stage = decision.stage
    return {
        **{
            name: getattr(decision, name)
            for name in (
                "title",
                "description",
                "method",
                "ballot_type",
                "rule",
                "min_choices",
                "max_choices",
                "points_per_voter",
                "max_points_per_project",
                "min_budget_share",
                "budget_rule",
                "voters",
                "min_age",
                "eligibility",
                "currency",
                "results",
            )
        },
        "id": decision.pk,
        "voting_open": stage is not None and voting.stage_takes_votes(decision),
        "opens_at": stage.starts_at if stage else None,
        "closes_at": stage.ends_at if stage else None,
        "url": decision.get_absolute_url(),
        "budgets": [
            {
                "id": budget.pk,
                "name": budget.name,
                "amount": budget.amount,
                "district": budget.district,
                "projects": [
                    {
                        "id": p.pk,
                        "title": p.title,
                        "description": p.description,
                        "cost": p.cost,
                        "district": p.district,
                        "category": p.category,
                    }
                    for p in budget.ballot_projects
                ],
            }
            for budget in voting_queries.budgets_with_projects(decision)
        ],
    }


@router.get("/{int:decision_id}", response=DecisionOut)
def get_decision(request, decision_id: int):
    """A decision with its budgets and the projects on its ballot. Counts are not part of it: the results are."""
    return _decision(voting_queries.decision_for_voting(decision_id, request.user))


def _code_voter(request, decision: Decision, typed: str):
    try:
        return voting.code_for(decision, typed)
    except InvalidCode:
        if not ratelimit.hit(ratelimit.address_counter(request, "decision_code"), **CODE_FAILURES):
            raise ratelimit.RateLimited() from None
        raise


def _resident_district(decision: Decision, payload: BallotIn) -> str:
    errors = {}
    districts = voting.ballot_paper(decision).districts
    if districts and payload.district not in districts and payload.district != "":
        errors["district"] = [_("Not a district of this vote.")]
    if (decision.min_age or decision.eligibility) and not payload.confirm_eligible:
        errors["confirm_eligible"] = [_("Confirm that you may vote in this decision.")]
    if errors:
        raise NotEligible(next(iter(errors.values()))[0], errors=errors)
    return payload.district


@router.post("/{int:decision_id}/ballot", response={201: BallotOut}, auth=VOTER_AUTH)
def cast_ballot(request, decision_id: int, payload: BallotIn):
    """Cast or change your ballot: one entry per budget you vote in. A new ballot replaces your earlier one while
    voting is open; every ballot cast gets a new receipt. Refused ballots answer 400 with every reason in
    ``errors.__all__``."""
    decision = voting_queries.decision_for_voting(decision_id, request.user)
    ballots = {entry.budget: (entry.choices, entry.points) for entry in payload.ballots}
    if len(ballots) != len(payload.ballots):
        from .errors import InvalidBallot

        raise InvalidBallot(errors=[_("A budget is named more than once.")])
    if isinstance(request.auth, VotingCodeCredential):
        code = _code_voter(request, decision, request.auth)
        district = code.batch.district or payload.district
        receipt = voting.ballot_cast(
            decision,
            voter_key=voting.voter_key_for_code(code),
            ballots=ballots,
            code=code,
            channel=Ballot.Channel.CODE,
            district=district,
        )
        channel = Ballot.Channel.CODE
    else:
        user = request.auth
        if not voting.takes_residents(decision):
            raise NotPermitted(_("This vote takes printed voting codes only."))
        district = _resident_district(decision, payload)
        receipt = voting.ballot_cast(
            decision, voter_key=voting.voter_key_for_user(user), ballots=ballots, user=user, district=district
        )
        channel = Ballot.Channel.ONLINE
    return Status(
        201,
        {
            "receipt": receipt,
            "channel": channel,
            "district": district,
            "ballots": [{"budget": e.budget, "choices": e.choices, "points": e.points} for e in payload.ballots],
        },
    )


@router.get("/{int:decision_id}/ballot", response={200: BallotOut}, auth=VOTER_AUTH)
def my_ballot(request, decision_id: int):
    """Your current ballot and its receipt (404 when you have not voted)."""
    decision = voting_queries.decision_for_voting(decision_id, request.user)
    if isinstance(request.auth, VotingCodeCredential):
        key = voting.voter_key_for_code(_code_voter(request, decision, request.auth))
    else:
        key = voting.voter_key_for_user(request.auth)
    ballots = voting_queries.ballots_of(decision, key)
    if not ballots:
        from cocreate.core.errors import NotFound

        raise NotFound(_("You have not voted in this decision."))
    first = next(iter(ballots.values()))
    return {
        "receipt": first.receipt,
        "channel": first.channel,
        "district": first.district,
        "ballots": [{"budget": b.budget_id, "choices": b.choices, "points": b.points} for b in ballots.values()],
    }
