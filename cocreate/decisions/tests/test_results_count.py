"""Counting from the database equals the exact engines; the published files are the ones hashed."""

import hashlib
import json
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from cocreate.decisions.models import Decision, TallyRun
from cocreate.decisions.tally import count, share_of
from cocreate.sensemaking.pb import Ballot, Election, Project, equal_shares, greedy, read_pb

from . import results_fixtures
from .results_fixtures import add_ballot, add_project

pytestmark = pytest.mark.django_db
vote = results_fixtures.vote  # fixtures


def _random_vote(decision, budget, rng, *, projects=12, ballots=300):
    made = [add_project(decision, budget, f"P{n}", rng.randrange(5, 40)) for n in range(projects)]
    weights = [rng.random() ** 2 for _ in made]
    for _ in range(ballots):
        chosen = {p.pk: p for p in rng.choices(made, weights=weights, k=rng.randint(1, 4))}
        add_ballot(decision, budget, list(chosen.values()))
    return made


@pytest.mark.parametrize("rule", ["greedy", "mes", "mes-complete"])
def test_count_equals_the_engine_on_the_same_ballots(vote, rule):
    decision, budget = vote["decision"], vote["budget"]
    budget.projects.all().delete()
    made = _random_vote(decision, budget, random.Random(7))
    election = Election(
        meta={},
        projects={str(p.pk): Project(cost=Fraction(int(p.cost))) for p in made},
        ballots=[Ballot(voter_id=b.receipt, projects=tuple(str(pk) for pk in b.choices)) for b in budget.ballots.all()],
        vote_type="approval",
        budget=Fraction(100),
    )
    expected = greedy(election) if rule == "greedy" else equal_shares(election, complete=rule == "mes-complete")

    (run,) = count(decision, rule=rule)

    assert run.status == TallyRun.Status.DONE and run.ballot_count == 300
    assert run.outcome["selected"] == expected.selected
    assert run.outcome["selected_pks"] == [int(pid) for pid in expected.selected]
    # The published ballots file recounts to the same result, and the hashes are of the stored texts.
    again = read_pb(run.ballots_file)
    recount = greedy(again) if rule == "greedy" else equal_shares(again, complete=rule == "mes-complete")
    assert recount.selected == expected.selected
    assert run.ballots_sha256 == hashlib.sha256(run.ballots_file.encode()).hexdigest()
    assert run.tally_sha256 == hashlib.sha256(run.tally_file.encode()).hexdigest()
    tally = json.loads(run.tally_file)
    assert tally["tally"]["selected"] == expected.selected and tally["ballots_sha256"] == run.ballots_sha256
    assert tally["report"].splitlines()[-1].startswith(f"Selected {len(expected.selected)} projects")


def test_the_ballots_file_is_anonymised_and_in_receipt_order(vote, make_user):
    decision, budget, p = vote["decision"], vote["budget"], vote["projects"]
    voter = make_user(display_name="Vera Voter", email="vera@example.org")
    add_ballot(decision, budget, [p["B"]], user=voter, receipt="zz9")
    add_ballot(decision, budget, [p["A"], p["D"]], receipt="aa1")
    (run,) = count(decision, rule="greedy", dry_run=True)
    votes = run.ballots_file.split("VOTES\n")[1].splitlines()
    assert votes[0] == "voter_id;vote"
    assert votes[1:] == [f"aa1;{p['A'].pk},{p['D'].pk}", f"zz9;{p['B'].pk}"]
    assert "Vera" not in run.ballots_file and "vera@" not in run.ballots_file and f"u{voter.pk}" not in run.ballots_file


def test_why_not_names_what_the_supporters_paid_for_and_the_share_adds_up(vote):
    decision, budget, p = vote["decision"], vote["budget"], vote["projects"]
    # Budget 100 for 4 voters (25 each). Three back A and C; one backs B. A (60) is funded by its 3 supporters
    # (20 each), leaving them 15 for C (50): not enough. B (40) has one supporter with 25: not enough either.
    for _ in range(3):
        add_ballot(decision, budget, [p["A"], p["C"]])
    add_ballot(decision, budget, [p["B"]])
    (run,) = count(decision, rule="mes")

    outcome = run.outcome
    pid = {name: str(project.pk) for name, project in p.items()}
    assert outcome["selected"] == [pid["A"]]
    why_c = outcome["projects"][pid["C"]]["why_not"]
    assert [item["project"] for item in why_c["spent_on"]] == [pid["A"]]
    assert why_c["spent_on"][0]["amount"] == pytest.approx(60)
    assert why_c["supporters_money_left"] == pytest.approx(15)
    assert outcome["projects"][pid["C"]]["effective_support"] == pytest.approx(30.0)
    assert outcome["projects"][pid["B"]]["why_not"]["spent_on"] == []
    assert outcome["projects"][pid["D"]]["supporters"] == 0
    # Greedy takes A (3 votes), then C does not fit, then B (40) fits: nobody is left without a project.
    assert outcome["comparison"]["selected"] == [pid["A"], pid["B"]]
    assert outcome["voters_without_any"] == 1 and outcome["comparison"]["voters_without_any"] == 0
    share = share_of(outcome, [pid["A"], pid["C"]])
    assert share[0]["project"] == pid["A"] and share[0]["paid"] == pytest.approx(20)
    assert share[-1]["project"] is None and share[-1]["paid"] == pytest.approx(5)
    assert sum(item["paid"] for item in share) == pytest.approx(outcome["per_voter"]) == pytest.approx(25)


def test_a_project_costing_more_than_its_budget_fails_the_count_with_the_reason(vote):
    decision, budget, p = vote["decision"], vote["budget"], vote["projects"]
    add_project(decision, budget, "Too dear", Decimal(500))
    add_ballot(decision, budget, [p["A"]])
    (run,) = count(decision, rule="mes")
    assert run.status == TallyRun.Status.FAILED and "more than the whole budget" in run.error
    assert decision.results == Decision.Results.NONE


def test_points_and_rankings_are_counted_as_their_ballots_say(vote):
    decision, budget, p = vote["decision"], vote["budget"], vote["projects"]
    decision.ballot_type = Decision.BallotType.CUMULATIVE
    decision.save()
    add_ballot(decision, budget, [p["A"], p["B"]], points=[7, 3])
    add_ballot(decision, budget, [p["B"]], points=[10])
    (run,) = count(decision, rule="greedy")
    again = read_pb(run.ballots_file)
    assert again.vote_type == "cumulative"
    assert [b.points for b in again.ballots] == [(7, 3), (10,)]
    assert run.outcome["selected"] == greedy(again).selected
