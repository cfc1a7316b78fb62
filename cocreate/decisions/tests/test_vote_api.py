"""The voting API: the decision without counts, casting (session with CSRF, or a printed code), your ballot."""

import json

import pytest
from django.test import Client

from cocreate.decisions.models import Ballot, Decision, VotingCode
from cocreate.decisions.tests import voting_fixtures
from cocreate.decisions.tests.voting_fixtures import make_codes

pytestmark = pytest.mark.django_db
make_vote = voting_fixtures.make_vote


def api(vote, tail=""):
    return f"/api/v1/decisions/{vote.decision.pk}{tail}"


def post(client, path, body, **headers):
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def signed_in(user) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/")  # sets the CSRF cookie
    return client, client.cookies["csrftoken"].value


def test_the_decision_has_its_budgets_and_projects_and_no_counts(make_vote, client, citizen):
    vote = make_vote("knapsack", budgets=[("City-wide", 100, "", [40, 30])])
    from cocreate.decisions import voting

    voting.ballot_cast(
        vote.decision,
        voter_key=f"u{citizen.pk}",
        ballots={vote.budgets[0].pk: (vote.pks(0, 0), None)},
        user=citizen,
    )
    body = client.get(api(vote)).json()
    assert body["voting_open"] is True
    assert body["ballot_type"] == "knapsack"
    assert [b["name"] for b in body["budgets"]] == ["City-wide"]
    assert body["budgets"][0]["amount"] == "100.00"
    assert [(p["id"], p["cost"]) for p in body["budgets"][0]["projects"]] == [
        (vote.pks(0, 0)[0], "40.00"),
        (vote.pks(0, 1)[0], "30.00"),
    ]
    text = json.dumps(body)
    assert "count" not in text
    assert "votes" not in text
    assert "support" not in text


def test_a_decision_not_public_is_not_found(make_vote, client):
    vote = make_vote()
    Decision.objects.filter(pk=vote.decision.pk).update(public=False)
    assert client.get(api(vote)).status_code == 404


def test_a_resident_casts_with_the_session_and_csrf_token(make_vote, citizen):
    vote = make_vote("approval", min_age=16)
    client, token = signed_in(citizen)
    ballots = [{"budget": vote.budgets[0].pk, "choices": vote.pks(0, 2, 0)}]
    refused = post(client, api(vote, "/ballot"), {"ballots": ballots}, **{"X-CSRFToken": token})
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"confirm_eligible": ["Confirm that you may vote in this decision."]}
    response = post(
        client, api(vote, "/ballot"), {"ballots": ballots, "confirm_eligible": True}, **{"X-CSRFToken": token}
    )
    assert response.status_code == 201
    body = response.json()
    ballot = Ballot.objects.get()
    assert body["receipt"] == ballot.receipt
    assert body["ballots"] == [{"budget": vote.budgets[0].pk, "choices": vote.pks(0, 2, 0), "points": None}]
    assert ballot.choices == vote.pks(0, 2, 0)
    mine = client.get(api(vote, "/ballot")).json()
    assert mine["receipt"] == ballot.receipt
    assert mine["ballots"][0]["choices"] == vote.pks(0, 2, 0)


def test_a_cast_without_the_csrf_token_is_refused_and_stores_nothing(make_vote, citizen):
    vote = make_vote("approval")
    client, _token = signed_in(citizen)
    response = post(client, api(vote, "/ballot"), {"ballots": [{"budget": vote.budgets[0].pk, "choices": [1]}]})
    assert response.status_code == 403
    assert Ballot.objects.count() == 0


def test_a_visitor_without_a_code_is_refused(make_vote, client):
    vote = make_vote("approval")
    response = post(client, api(vote, "/ballot"), {"ballots": [{"budget": vote.budgets[0].pk, "choices": [1]}]})
    assert response.status_code == 401
    assert Ballot.objects.count() == 0


def test_an_invalid_ballot_answers_every_reason(make_vote, citizen):
    vote = make_vote("knapsack", budgets=[("City-wide", 100, "", [40, 30, 50])])
    client, token = signed_in(citizen)
    response = post(
        client,
        api(vote, "/ballot"),
        {"ballots": [{"budget": vote.budgets[0].pk, "choices": vote.pks(0, 0, 1, 2)}]},
        **{"X-CSRFToken": token},
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "decision_invalid_ballot",
        "detail": "The projects chosen cost 120, more than the budget of 100.",
        "errors": {"__all__": ["The projects chosen cost 120, more than the budget of 100."]},
    }
    assert Ballot.objects.count() == 0


def test_a_closed_vote_answers_409_and_stores_nothing(make_vote, citizen):
    vote = make_vote("approval", start=-10, end=-1)
    client, token = signed_in(citizen)
    response = post(
        client,
        api(vote, "/ballot"),
        {"ballots": [{"budget": vote.budgets[0].pk, "choices": vote.pks(0, 0)}]},
        **{"X-CSRFToken": token},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "decision_voting_closed"
    assert Ballot.objects.count() == 0


def test_a_code_holder_casts_changes_and_reads_with_the_code_header(make_vote, client):
    vote = make_vote("cumulative", voters=Decision.Voters.CODES, points_per_voter=10)
    [typed] = make_codes(vote.decision, 1)
    body = {"ballots": [{"budget": vote.budgets[0].pk, "choices": vote.pks(0, 0, 1), "points": [7, 3]}]}
    first = post(client, api(vote, "/ballot"), body, **{"X-Voting-Code": typed})
    assert first.status_code == 201
    assert first.json()["channel"] == "code"
    body["ballots"][0]["points"] = [2, 8]
    second = post(client, api(vote, "/ballot"), body, **{"X-Voting-Code": typed.replace("-", "")})
    assert second.status_code == 201
    ballot = Ballot.objects.get()
    assert ballot.points == [2, 8]
    assert ballot.receipt == second.json()["receipt"] != first.json()["receipt"]
    assert VotingCode.objects.get().used_at is not None
    mine = client.get(api(vote, "/ballot"), headers={"X-Voting-Code": typed}).json()
    assert mine["ballots"][0]["points"] == [2, 8]


def test_a_wrong_code_is_refused(make_vote, client):
    vote = make_vote("approval", voters=Decision.Voters.CODES)
    make_codes(vote.decision, 1)
    response = post(
        client,
        api(vote, "/ballot"),
        {"ballots": [{"budget": vote.budgets[0].pk, "choices": vote.pks(0, 0)}]},
        **{"X-Voting-Code": "AAAA-BBBB-CCCC"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "decision_invalid_code"
    assert Ballot.objects.count() == 0


def test_no_ballot_yet_is_404(make_vote, citizen):
    vote = make_vote("approval")
    client, _token = signed_in(citizen)
    assert client.get(api(vote, "/ballot")).status_code == 404
