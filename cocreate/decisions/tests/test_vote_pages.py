"""The voting pages, through HTTP: confirm, code, ballot (every type, several budgets), your ballot; refusals change
nothing and keep what the voter chose."""

import pytest
from django.urls import reverse

from cocreate.decisions.models import Ballot, Decision, VotingCode
from cocreate.decisions.tests import voting_fixtures
from cocreate.decisions.tests.voting_fixtures import make_codes

pytestmark = pytest.mark.django_db
make_vote = voting_fixtures.make_vote


def url(name, vote):
    return reverse(f"decisions:{name}", kwargs={"pk": vote.decision.pk})


def test_a_visitor_is_sent_to_sign_in(make_vote, client):
    vote = make_vote()
    response = client.get(url("vote", vote))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_resident_confirms_then_votes_and_sees_the_receipt(make_vote, client, citizen):
    vote = make_vote("approval", min_age=16, eligibility="I live in Testbridge")
    client.force_login(citizen)
    assert client.get(url("vote", vote)).url == url("vote_eligibility", vote)
    refused = client.post(url("vote_eligibility", vote), {"age": "on"})
    assert refused.status_code == 400
    assert "Confirm that you may vote in this decision to go on." in refused.text
    response = client.post(url("vote_eligibility", vote), {"age": "on", "eligible": "on"})
    assert response.url == url("vote", vote)
    page = client.get(url("vote", vote))
    assert page.status_code == 200
    assert "Choose at least 1 project you support, as many as you like." in page.text
    response = client.post(url("vote", vote), {f"b{vote.budgets[0].pk}": [str(pk) for pk in vote.pks(0, 0, 2)]})
    assert response.status_code == 302
    assert response.url == url("my_ballot", vote)
    ballot = Ballot.objects.get()
    assert ballot.choices == vote.pks(0, 0, 2)
    mine = client.get(url("my_ballot", vote))
    assert ballot.receipt in mine.text
    assert "City-wide project 1" in mine.text
    assert "City-wide project 2" not in mine.text


def test_the_decision_page_calls_to_vote_and_shows_no_counts(make_vote, client, citizen, make_user):
    vote = make_vote("approval")
    client.force_login(citizen)
    page = client.get(vote.decision.get_absolute_url())
    assert url("vote", vote) in page.text
    assert "Nobody sees how projects are doing until voting closes" in page.text
    client.post(url("vote", vote), {f"b{vote.budgets[0].pk}": [str(vote.pks(0, 0)[0])]})
    receipt = Ballot.objects.get().receipt
    page = client.get(vote.decision.get_absolute_url())
    assert receipt in page.text
    assert "Change my ballot" in page.text
    other = make_user()
    client.force_login(other)
    page = client.get(vote.decision.get_absolute_url())
    assert receipt not in page.text
    for text in (client.get(url("vote", vote)).text, page.text):
        assert "1 vote" not in text
        assert "votes" not in text.lower().replace("vote-", "")


def test_a_knapsack_ballot_over_budget_comes_back_with_the_choices_and_the_message_beside_the_budget(
    make_vote, client, citizen
):
    vote = make_vote("knapsack", budgets=[("City-wide", 100, "", [40, 30, 50])])
    client.force_login(citizen)
    field = f"b{vote.budgets[0].pk}"
    response = client.post(url("vote", vote), {field: [str(pk) for pk in vote.pks(0, 0, 1, 2)]})
    assert response.status_code == 400
    assert Ballot.objects.count() == 0
    text = response.text
    assert text.count("checked") == 3
    assert f'id="budget-{vote.budgets[0].pk}-errors"' in text
    assert "The projects chosen cost 120, more than the budget of 100." in text
    assert 'data-vote="left">-20<' in text
    assert 'data-vote="over">' in text


def test_checking_shows_what_is_left_and_stores_nothing(make_vote, client, citizen):
    vote = make_vote("knapsack", budgets=[("City-wide", 100, "", [40, 30, 50])])
    client.force_login(citizen)
    field = f"b{vote.budgets[0].pk}"
    response = client.post(url("vote", vote), {field: [str(vote.pks(0, 0)[0])], "check": "1"})
    assert response.status_code == 200
    assert 'data-vote="left">60<' in response.text
    assert "Your ballot can be cast as it is." in response.text
    assert Ballot.objects.count() == 0


BUDGETS = [("City-wide", 100, "", [40, 30]), ("North", 50, "North", [20, 30]), ("South", 50, "South", [25, 25])]


def test_several_budgets_say_which_is_still_to_vote_in_and_only_the_districts_own(make_vote, client, citizen):
    vote = make_vote("approval", budgets=BUDGETS, budget_rule=Decision.BudgetRule.ALL)
    city, north, south = vote.budgets
    client.force_login(citizen)
    assert client.get(url("vote", vote)).url == url("vote_eligibility", vote)
    client.post(url("vote_eligibility", vote), {"district": "North"})
    page = client.get(url("vote", vote))
    assert f'id="budget-{north.pk}"' in page.text
    assert f'id="budget-{south.pk}"' not in page.text
    response = client.post(url("vote", vote), {f"b{city.pk}": [str(vote.pks(0, 0)[0])]})
    assert response.status_code == 400
    assert "Vote in every budget; still to vote in: North." in response.text
    assert "Still to vote in:" in response.text
    assert Ballot.objects.count() == 0
    response = client.post(
        url("vote", vote), {f"b{city.pk}": [str(vote.pks(0, 0)[0])], f"b{north.pk}": [str(vote.pks(1, 1)[0])]}
    )
    assert response.status_code == 302
    assert sorted(Ballot.objects.values_list("budget_id", "district")) == [(city.pk, "North"), (north.pk, "North")]


def test_a_points_ballot_through_the_page(make_vote, client, citizen):
    vote = make_vote("cumulative", points_per_voter=10, max_points_per_project=6)
    client.force_login(citizen)
    b = vote.budgets[0].pk
    p1, p2, p3 = vote.pks(0, 0, 1, 2)
    response = client.post(url("vote", vote), {f"b{b}_p{p1}": "6", f"b{b}_p{p2}": "5", f"b{b}_p{p3}": ""})
    assert response.status_code == 400
    assert "You gave 11 points; you have 10." in response.text
    assert 'value="6"' in response.text
    response = client.post(url("vote", vote), {f"b{b}_p{p1}": "6", f"b{b}_p{p3}": "4"})
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert (ballot.choices, ballot.points) == ([p1, p3], [6, 4])


def test_a_points_field_over_the_cap_is_marked_beside_the_field(make_vote, client, citizen):
    vote = make_vote("cumulative", points_per_voter=10, max_points_per_project=6)
    client.force_login(citizen)
    b, p1 = vote.budgets[0].pk, vote.pks(0, 0)[0]
    response = client.post(url("vote", vote), {f"b{b}_p{p1}": "9"})
    assert response.status_code == 400
    assert f'id="id_b{b}_p{p1}_error"' in response.text
    assert Ballot.objects.count() == 0


def test_a_ranking_through_the_page_keeps_the_order(make_vote, client, citizen):
    vote = make_vote("ranked", max_choices=2)
    client.force_login(citizen)
    b = vote.budgets[0].pk
    p1, _p2, p3 = vote.pks(0, 0, 1, 2)
    response = client.post(url("vote", vote), {f"b{b}_p{p1}": "1", f"b{b}_p{p3}": "1"})
    assert response.status_code == 400
    assert "two projects have the same place" in response.text
    response = client.post(url("vote", vote), {f"b{b}_p{p1}": "2", f"b{b}_p{p3}": "1"})
    assert response.status_code == 302
    assert Ballot.objects.get().choices == [p3, p1]
    page = client.get(url("vote", vote))
    assert "You have voted already" in page.text


def test_changing_a_ballot_through_the_page(make_vote, client, citizen):
    vote = make_vote("approval")
    client.force_login(citizen)
    field = f"b{vote.budgets[0].pk}"
    client.post(url("vote", vote), {field: [str(vote.pks(0, 0)[0])]})
    first = Ballot.objects.get().receipt
    page = client.get(url("vote", vote))
    assert page.text.count("checked") == 1
    client.post(url("vote", vote), {field: [str(vote.pks(0, 1)[0])]})
    ballot = Ballot.objects.get()
    assert ballot.choices == vote.pks(0, 1)
    assert ballot.receipt != first


def test_a_closed_vote_refuses_the_page_and_the_post_changes_nothing(make_vote, client, citizen):
    vote = make_vote("approval", start=-10, end=-1)
    client.force_login(citizen)
    assert client.get(url("vote", vote)).status_code == 409
    response = client.post(url("vote", vote), {f"b{vote.budgets[0].pk}": [str(vote.pks(0, 0)[0])]})
    assert response.status_code == 409
    assert Ballot.objects.count() == 0
    assert "Voting has closed." in client.get(vote.decision.get_absolute_url()).text


def test_a_code_voter_votes_and_the_browser_forgets_the_code(make_vote, client):
    vote = make_vote("approval", voters=Decision.Voters.CODES)
    [typed] = make_codes(vote.decision, 1)
    assert client.get(url("vote", vote)).url == url("vote_code", vote)
    refused = client.post(url("vote_code", vote), {"code": "AAAA-BBBB-CCCC"})
    assert refused.status_code == 400
    assert "This voting code is not valid for this vote" in refused.text
    assert 'value="AAAA-BBBB-CCCC"' in refused.text
    assert client.post(url("vote_code", vote), {"code": typed.lower()}).url == url("vote", vote)
    response = client.post(url("vote", vote), {f"b{vote.budgets[0].pk}": [str(vote.pks(0, 1)[0])]})
    assert response.url == url("my_ballot", vote)
    ballot = Ballot.objects.get()
    assert ballot.channel == Ballot.Channel.CODE
    assert ballot.voter_key == f"c{VotingCode.objects.get().pk}"
    assert ballot.receipt in client.get(url("my_ballot", vote)).text
    assert client.get(url("vote", vote)).url == url("vote_code", vote)  # forgotten: typed again to change
    client.post(url("vote_code", vote), {"code": typed})
    client.post(url("vote", vote), {f"b{vote.budgets[0].pk}": [str(vote.pks(0, 2)[0])]})
    assert list(Ballot.objects.values_list("choices", flat=True)) == [vote.pks(0, 2)]


def test_a_code_with_districts_asks_where_the_voter_lives_unless_the_card_says(make_vote, client):
    vote = make_vote("approval", budgets=BUDGETS, voters=Decision.Voters.CODES, budget_rule=Decision.BudgetRule.ONE)
    [plain] = make_codes(vote.decision, 1)
    [south_card] = make_codes(vote.decision, 1, district="South")
    response = client.post(url("vote_code", vote), {"code": plain})
    assert response.status_code == 400
    assert "Choose where you live." in response.text
    assert client.post(url("vote_code", vote), {"code": south_card}).url == url("vote", vote)
    page = client.get(url("vote", vote))
    assert f'id="budget-{vote.budgets[2].pk}"' in page.text
    assert f'id="budget-{vote.budgets[1].pk}"' not in page.text


def test_a_residents_only_vote_has_no_code_page(make_vote, client):
    vote = make_vote("approval")
    assert client.get(url("vote_code", vote)).status_code == 403
