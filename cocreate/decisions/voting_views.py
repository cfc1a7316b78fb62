"""The voting pages: confirm you may vote (or enter your printed code), fill in the ballot, see your ballot and its
receipt. Every step works as a plain form post; the page's script only updates "what is left" as you choose."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.core import ratelimit
from cocreate.core.errors import NotPermitted
from cocreate.core.permissions import require_perm

from . import voting, voting_queries
from .errors import InvalidBallot, InvalidCode, VotingClosed
from .models import Ballot, Decision, VotingCode
from .views import decision_for_page
from .voting_forms import BallotForm, CodeForm, EligibilityForm, choices_hint

SESSION_RESIDENT = "decisions.eligible.{}"  # a signed-in resident's confirmation: {"district": ...}
SESSION_CODE = "decisions.code.{}"  # a code voter's code: {"code": pk, "district": ...}
SESSION_RECEIPT = "decisions.receipt.{}"  # shown once to a code voter after casting (the code is then forgotten)
CODE_TRIES = {"per_user": (30, 3600), "per_address": (100, 600)}


@dataclass
class Voter:
    key: str
    district: str
    channel: str
    user: object = None
    code: VotingCode | None = None


def _asks_nothing(decision: Decision, paper) -> bool:
    return not (paper.districts or decision.min_age or decision.eligibility)


def _voter(request, decision: Decision) -> Voter | None:
    """Who votes in this browser: the holder of the code entered here, else the signed-in resident once they
    confirmed they may vote (as the decision asks)."""
    state = request.session.get(SESSION_CODE.format(decision.pk))
    if state and voting.takes_codes(decision):
        code = VotingCode.objects.filter(pk=state["code"], decision_id=decision.pk).first()
        if code is not None:
            return Voter(voting.voter_key_for_code(code), state.get("district", ""), Ballot.Channel.CODE, code=code)
    user = request.user
    if user.is_authenticated and voting.takes_residents(decision):
        confirmed = request.session.get(SESSION_RESIDENT.format(decision.pk))
        if confirmed is None and _asks_nothing(decision, voting.ballot_paper(decision)):
            confirmed = {"district": ""}
        if confirmed is not None:
            return Voter(voting.voter_key_for_user(user), confirmed["district"], Ballot.Channel.ONLINE, user=user)
    return None


def _open_decision(request, pk: int) -> Decision:
    decision = decision_for_page(pk, request.user)
    if not voting.stage_takes_votes(decision):
        raise VotingClosed()
    return decision


def _first_step(request, decision: Decision):
    if request.user.is_authenticated and voting.takes_residents(decision):
        return redirect("decisions:vote_eligibility", pk=decision.pk)
    if voting.takes_codes(decision):
        return redirect("decisions:vote_code", pk=decision.pk)
    return redirect_to_login(reverse("decisions:vote", kwargs={"pk": decision.pk}))


def vote(request, pk: int):
    decision = _open_decision(request, pk)
    voter = _voter(request, decision)
    if voter is None:
        return _first_step(request, decision)
    if voter.user is not None:
        require_perm(voter.user, voting.VOTE_PERM, decision)
    paper = voting.ballot_paper(decision)
    open_to_voter = {b.pk for b in paper.budgets_for(voter.district)}
    budgets = [b for b in voting_queries.budgets_with_projects(decision) if b.pk in open_to_voter]
    current = voting_queries.ballots_of(decision, voter.key)
    form = BallotForm(request.POST or None, decision=decision, budgets=budgets, current=current)
    problems: list[str] = []
    checked = False
    if request.method == "POST" and form.is_valid():
        ballots = form.submission()
        try:
            if form.budget_errors:
                raise InvalidBallot(errors=[e for errors in form.budget_errors.values() for e in errors])
            if "check" in request.POST:
                voting.check_submission(decision, paper, ballots, district=voter.district)
                checked = True
            else:
                receipt = voting.ballot_cast(
                    decision,
                    voter_key=voter.key,
                    ballots=ballots,
                    user=voter.user,
                    code=voter.code,
                    channel=voter.channel,
                    district=voter.district,
                )
                return _cast(request, decision, voter, receipt)
        except InvalidBallot as invalid:
            by_budget = getattr(invalid, "budget_errors", {})
            for budget_pk, errors in by_budget.items():
                form.budget_errors.setdefault(budget_pk, [])
                form.budget_errors[budget_pk] += [e for e in errors if e not in form.budget_errors[budget_pk]]
            problems = invalid.errors
    refused = request.method == "POST" and (bool(problems) or bool(form.errors))
    return render(
        request,
        "decisions/vote.html",
        {
            "decision": decision,
            "voter": voter,
            "form": form,
            "sections": form.sections(),
            "problems": problems,
            "checked": checked,
            "hint": choices_hint(decision),
            "has_ballot": bool(current),
            "to_vote_in": _still_to_vote_in(decision, form, budgets, request.method == "POST"),
        },
        status=400 if refused and "check" not in request.POST else 200,
    )


def _still_to_vote_in(decision: Decision, form: BallotForm, budgets, posted: bool) -> list:
    """Budgets with nothing chosen yet, under "vote in every budget"."""
    if decision.budget_rule != Decision.BudgetRule.ALL or len(budgets) < 2:
        return []
    return [section.budget for section in form.sections() if not section.chosen]


def _cast(request, decision: Decision, voter: Voter, receipt: str):
    if voter.code is not None:
        # A shared computer (a polling place) must not let the next person change this ballot: the code is forgotten
        # here; its holder types it again to change the ballot.
        request.session.pop(SESSION_CODE.format(decision.pk), None)
        request.session[SESSION_RECEIPT.format(decision.pk)] = {"receipt": receipt, "code": voter.code.pk}
    messages.success(request, _("Your ballot was cast. Your receipt: %(receipt)s") % {"receipt": receipt})
    return redirect("decisions:my_ballot", pk=decision.pk)


def vote_eligibility(request, pk: int):
    decision = _open_decision(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not voting.takes_residents(decision):
        return redirect("decisions:vote_code", pk=decision.pk)
    require_perm(request.user, voting.VOTE_PERM, decision)
    paper = voting.ballot_paper(decision)
    form = EligibilityForm(request.POST or None, decision=decision, districts=paper.districts)
    if request.method == "POST" and form.is_valid():
        request.session.pop(SESSION_CODE.format(decision.pk), None)
        request.session[SESSION_RESIDENT.format(decision.pk)] = {"district": form.cleaned_district()}
        return redirect("decisions:vote", pk=decision.pk)
    return render(
        request,
        "decisions/vote_eligibility.html",
        {"decision": decision, "form": form, "takes_codes": voting.takes_codes(decision)},
        status=400 if form.errors else 200,
    )


def vote_code(request, pk: int):
    decision = _open_decision(request, pk)
    if not voting.takes_codes(decision):
        raise NotPermitted(_("This vote takes no voting codes: sign in to vote."))
    paper = voting.ballot_paper(decision)
    form = CodeForm(request.POST or None, districts=paper.districts)
    if request.method == "POST" and form.is_valid():
        ratelimit.check(request, "decision_code", **CODE_TRIES)
        try:
            code = voting.code_for(decision, form.cleaned_data["code"])
        except InvalidCode as invalid:
            form.add_error("code", str(invalid.message))
        else:
            district = code.batch.district or form.cleaned_district()
            if paper.districts and not code.batch.district and not form.cleaned_data.get("district"):
                form.add_error("district", _("Choose where you live."))
            else:
                request.session[SESSION_CODE.format(decision.pk)] = {"code": code.pk, "district": district}
                return redirect("decisions:vote", pk=decision.pk)
    return render(
        request,
        "decisions/vote_code.html",
        {"decision": decision, "form": form, "takes_residents": voting.takes_residents(decision)},
        status=400 if form.errors else 200,
    )


def my_ballot(request, pk: int):
    """The voter's current ballot and its receipt: a signed-in resident's, or a code voter's while this browser
    holds their code (and once, right after they cast it)."""
    decision = decision_for_page(pk, request.user)
    key = None
    state = request.session.get(SESSION_CODE.format(decision.pk))
    shown_once = request.session.pop(SESSION_RECEIPT.format(decision.pk), None)
    if state:
        key = f"c{state['code']}"
    elif shown_once:
        key = f"c{shown_once['code']}"
    elif request.user.is_authenticated:
        key = voting.voter_key_for_user(request.user)
    if key is None:
        if voting.takes_codes(decision) and not request.user.is_authenticated:
            return redirect("decisions:vote_code", pk=decision.pk)
        return redirect_to_login(request.get_full_path())
    ballots = voting_queries.ballots_of(decision, key)
    budgets = [b for b in voting_queries.budgets_with_projects(decision) if b.pk in ballots]
    for budget in budgets:
        ballot = ballots[budget.pk]
        titles = {p.pk: p for p in budget.ballot_projects}
        points = ballot.points or [None] * len(ballot.choices)
        budget.my_choices = [(titles.get(pk), given) for pk, given in zip(ballot.choices, points, strict=False)]
    first = next(iter(ballots.values()), None)
    return render(
        request,
        "decisions/vote_mine.html",
        {
            "decision": decision,
            "budgets": budgets,
            "receipt": first.receipt if first else "",
            "changed_at": first.updated_at if first else None,
            "is_open": voting.stage_takes_votes(decision),
            "code_voter": key.startswith("c"),
            "ranked": decision.ballot_type == Decision.BallotType.RANKED,
            "cumulative": decision.ballot_type == Decision.BallotType.CUMULATIVE,
        },
    )
