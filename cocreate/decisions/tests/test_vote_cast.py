"""ballot_cast: every ballot type, several budgets, the all/one rule, changing a ballot, codes, closed stages."""

import datetime as dt

import pytest
from django.tasks import default_task_backend
from django.utils import timezone

from cocreate.core.errors import NotPermitted
from cocreate.decisions import codes, voting
from cocreate.decisions.errors import InvalidBallot, InvalidCode, VotingClosed
from cocreate.decisions.models import Ballot, Decision, VotingCode
from cocreate.decisions.tests import voting_fixtures
from cocreate.decisions.tests.voting_fixtures import make_codes

pytestmark = pytest.mark.django_db
make_vote = voting_fixtures.make_vote


def cast(vote, user, ballots, **extra):
    return voting.ballot_cast(
        vote.decision, voter_key=voting.voter_key_for_user(user), ballots=ballots, user=user, **extra
    )


def stored():
    return sorted(Ballot.objects.values_list("budget_id", "voter_key", "choices", "points", "receipt"))


def test_an_approval_ballot_is_stored_with_a_receipt(make_vote, citizen):
    vote = make_vote("approval", min_choices=1, max_choices=2)
    receipt = cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 2, 0), None)})
    ballot = Ballot.objects.get()
    assert ballot.choices == vote.pks(0, 2, 0)
    assert ballot.receipt == receipt
    assert ballot.voter_key == f"u{citizen.pk}"
    assert ballot.user == citizen
    assert ballot.channel == Ballot.Channel.ONLINE
    assert len(receipt) == 19
    assert receipt.count("-") == 3


def test_an_approval_ballot_over_the_maximum_is_refused_and_nothing_stored(make_vote, citizen):
    vote = make_vote("approval", min_choices=1, max_choices=2)
    with pytest.raises(InvalidBallot) as refused:
        cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0, 1, 2), None)})
    assert refused.value.errors == ["Choose at most 2 projects."]
    assert Ballot.objects.count() == 0


def test_an_approval_ballot_under_the_minimum_is_refused(make_vote, citizen):
    vote = make_vote("approval", min_choices=2)
    with pytest.raises(InvalidBallot) as refused:
        cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0), None)})
    assert refused.value.errors == ["Choose at least 2 projects."]
    assert Ballot.objects.count() == 0


def test_a_knapsack_ballot_within_the_budget_is_stored(make_vote, citizen):
    vote = make_vote("knapsack", budgets=[("City", 100, "", [40, 30, 50])])
    cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0, 2), None)})
    assert Ballot.objects.get().choices == vote.pks(0, 0, 2)


def test_a_knapsack_ballot_over_the_budget_is_refused(make_vote, citizen):
    vote = make_vote("knapsack", budgets=[("City", 100, "", [40, 30, 50])])
    with pytest.raises(InvalidBallot) as refused:
        cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0, 1, 2), None)})
    assert refused.value.errors == ["The projects chosen cost 120, more than the budget of 100."]
    assert Ballot.objects.count() == 0


def test_a_knapsack_ballot_under_the_minimum_share_is_refused(make_vote, citizen):
    vote = make_vote("knapsack", budgets=[("City", 100, "", [40, 30, 50])], min_budget_share=60)
    with pytest.raises(InvalidBallot) as refused:
        cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 1), None)})
    assert refused.value.errors == ["The projects chosen cost 30; choose projects worth at least 60."]
    cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0, 1), None)})
    assert Ballot.objects.get().choices == vote.pks(0, 0, 1)


def test_a_points_ballot_keeps_the_points_and_respects_the_cap(make_vote, citizen):
    vote = make_vote("cumulative", points_per_voter=10, max_points_per_project=6)
    cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 1, 0), [6, 4])})
    ballot = Ballot.objects.get()
    assert ballot.choices == vote.pks(0, 1, 0)
    assert ballot.points == [6, 4]
    with pytest.raises(InvalidBallot) as refused:
        cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0), [7])})
    assert refused.value.errors == ["Give at most 6 points to one project."]
    with pytest.raises(InvalidBallot) as refused:
        cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0, 1, 2), [5, 5, 5])})
    assert refused.value.errors == ["You gave 15 points; you have 10."]
    assert Ballot.objects.get().points == [6, 4]


def test_a_ranked_ballot_keeps_the_order_and_at_most_k(make_vote, citizen):
    vote = make_vote("ranked", min_choices=1, max_choices=2)
    cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 2, 0), None)})
    assert Ballot.objects.get().choices == vote.pks(0, 2, 0)
    with pytest.raises(InvalidBallot) as refused:
        cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 2, 0, 1), None)})
    assert refused.value.errors == ["Choose at most 2 projects."]
    assert Ballot.objects.get().choices == vote.pks(0, 2, 0)


def test_a_new_ballot_replaces_the_earlier_one_with_a_new_receipt(make_vote, citizen):
    vote = make_vote("approval")
    first = cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0), None)})
    created = Ballot.objects.get().created_at
    second = cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 1, 2), None)})
    ballot = Ballot.objects.get()
    assert ballot.choices == vote.pks(0, 1, 2)
    assert ballot.receipt == second
    assert second != first
    assert ballot.created_at == created
    assert ballot.updated_at > created


def test_two_voters_have_two_ballots(make_vote, citizen, make_user):
    vote = make_vote("approval")
    other = make_user()
    cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0), None)})
    cast(vote, other, {vote.budgets[0].pk: (vote.pks(0, 1), None)})
    assert Ballot.objects.count() == 2


BUDGETS = [("City-wide", 100, "", [40, 30]), ("North", 50, "North", [20, 30]), ("South", 50, "South", [25, 25])]


def test_vote_in_all_needs_every_budget_open_to_the_voters_district(make_vote, citizen):
    vote = make_vote("approval", budgets=BUDGETS, budget_rule=Decision.BudgetRule.ALL)
    city, north, _south = vote.budgets
    with pytest.raises(InvalidBallot) as refused:
        cast(vote, citizen, {city.pk: (vote.pks(0, 0), None)}, district="North")
    assert refused.value.errors == ["Vote in every budget; still to vote in: North."]
    receipt = cast(vote, citizen, {city.pk: (vote.pks(0, 0), None), north.pk: (vote.pks(1, 1), None)}, district="North")
    rows = list(Ballot.objects.order_by("budget__position").values_list("budget_id", "receipt", "district"))
    assert rows == [(city.pk, receipt, "North"), (north.pk, receipt, "North")]


def test_a_budget_of_another_district_is_refused(make_vote, citizen):
    vote = make_vote("approval", budgets=BUDGETS, budget_rule=Decision.BudgetRule.ALL)
    city, _north, south = vote.budgets
    with pytest.raises(InvalidBallot) as refused:
        cast(vote, citizen, {city.pk: (vote.pks(0, 0), None), south.pk: (vote.pks(2, 0), None)}, district="North")
    assert refused.value.errors == ["South is for residents of South."]
    assert Ballot.objects.count() == 0


def test_vote_in_one_takes_exactly_one_budget_and_a_change_moves_the_ballot(make_vote, citizen):
    vote = make_vote("approval", budgets=BUDGETS, budget_rule=Decision.BudgetRule.ONE)
    city, north, _south = vote.budgets
    with pytest.raises(InvalidBallot) as refused:
        cast(vote, citizen, {city.pk: (vote.pks(0, 0), None), north.pk: (vote.pks(1, 0), None)}, district="North")
    assert refused.value.errors == ["Vote in one budget only."]
    cast(vote, citizen, {city.pk: (vote.pks(0, 0), None)}, district="North")
    cast(vote, citizen, {north.pk: (vote.pks(1, 0), None)}, district="North")
    assert list(Ballot.objects.values_list("budget_id", "choices")) == [(north.pk, vote.pks(1, 0))]


def test_a_knapsack_error_is_placed_beside_its_budget(make_vote, citizen):
    vote = make_vote("knapsack", budgets=[("City-wide", 100, "", [40, 70]), ("North", 50, "North", [20, 40])])
    city, north = vote.budgets
    with pytest.raises(InvalidBallot) as refused:
        cast(vote, citizen, {city.pk: (vote.pks(0, 0), None), north.pk: (vote.pks(1, 0, 1), None)}, district="North")
    assert refused.value.budget_errors == {north.pk: ["The projects chosen cost 60, more than the budget of 50."]}
    assert refused.value.errors == ["North: The projects chosen cost 60, more than the budget of 50."]
    assert Ballot.objects.count() == 0


def test_a_project_of_another_budget_is_refused(make_vote, citizen):
    vote = make_vote("approval", budgets=BUDGETS, budget_rule=Decision.BudgetRule.ONE)
    city, _north, _south = vote.budgets
    with pytest.raises(InvalidBallot) as refused:
        cast(vote, citizen, {city.pk: (vote.pks(1, 0), None)}, district="North")
    assert refused.value.errors == ["City-wide: The ballot names a project that is not on this ballot."]


def test_a_project_added_while_voting_runs_can_be_chosen(make_vote, citizen):
    from cocreate.decisions.models import Project

    vote = make_vote("approval")
    cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0), None)})
    added = Project.objects.create(decision=vote.decision, budget=vote.budgets[0], title="Late", cost=10)
    cast(vote, citizen, {vote.budgets[0].pk: ([added.pk], None)})
    assert Ballot.objects.get().choices == [added.pk]


def test_a_cost_changed_before_the_first_ballot_is_seen(make_vote, citizen):
    vote = make_vote("knapsack", budgets=[("City", 100, "", [40, 30, 50])])
    voting.ballot_paper(vote.decision)  # read and kept
    project = vote.projects[0][2]
    project.cost = 80
    project.save()
    with pytest.raises(InvalidBallot) as refused:
        cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0, 2), None)})
    assert refused.value.errors == ["The projects chosen cost 120, more than the budget of 100."]


@pytest.mark.parametrize("when", ["over", "upcoming"])
def test_a_stage_that_is_not_running_refuses_and_nothing_changes(make_vote, citizen, when):
    start, end = (-10, -1) if when == "over" else (1, 10)
    vote = make_vote("approval", start=start, end=end)
    with pytest.raises(VotingClosed):
        cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0), None)})
    assert Ballot.objects.count() == 0


def test_voting_stops_when_the_count_starts(make_vote, citizen):
    vote = make_vote("approval")
    receipt = cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0), None)})
    vote.decision.results = Decision.Results.TALLYING
    vote.decision.save()
    with pytest.raises(VotingClosed):
        cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 1), None)})
    assert stored() == [(vote.budgets[0].pk, f"u{citizen.pk}", vote.pks(0, 0), None, receipt)]


def test_a_superuser_cannot_vote_after_close_either(make_vote, admin_user):
    vote = make_vote("approval", start=-10, end=-1)
    with pytest.raises(VotingClosed):
        cast(vote, admin_user, {vote.budgets[0].pk: (vote.pks(0, 0), None)})
    assert Ballot.objects.count() == 0


def test_a_codes_only_vote_refuses_residents(make_vote, citizen):
    vote = make_vote("approval", voters=Decision.Voters.CODES)
    with pytest.raises(NotPermitted):
        cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0), None)})
    assert Ballot.objects.count() == 0


def test_a_suspended_resident_cannot_vote(make_vote, citizen, moderator, city):
    from cocreate.moderation.models import Suspension

    vote = make_vote("approval")
    Suspension.objects.create(
        user=citizen,
        organisation=city,
        reason="Spam.",
        ends_at=timezone.now() + dt.timedelta(days=3),
        created_by=moderator,
    )
    citizen = type(citizen).objects.get(pk=citizen.pk)
    with pytest.raises(NotPermitted):
        cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0), None)})
    assert Ballot.objects.count() == 0


def test_nobody_votes_without_a_voter(make_vote):
    vote = make_vote("approval")
    with pytest.raises(NotPermitted):
        voting.ballot_cast(vote.decision, voter_key="u0", ballots={vote.budgets[0].pk: (vote.pks(0, 0), None)})


def code_cast(vote, typed, ballots, **extra):
    code = voting.code_for(vote.decision, typed)
    return voting.ballot_cast(
        vote.decision,
        voter_key=voting.voter_key_for_code(code),
        ballots=ballots,
        code=code,
        channel=Ballot.Channel.CODE,
        **extra,
    )


def test_a_code_is_claimed_on_first_use_and_then_only_changes_its_own_ballot(make_vote):
    vote = make_vote("approval", voters=Decision.Voters.CODES)
    typed, other = make_codes(vote.decision, 2)
    first = code_cast(vote, typed.lower().replace("-", " "), {vote.budgets[0].pk: (vote.pks(0, 0), None)})
    code = VotingCode.objects.get(digest=codes.digest(typed))
    used_at = code.used_at
    assert used_at is not None
    second = code_cast(vote, typed, {vote.budgets[0].pk: (vote.pks(0, 1), None)})
    ballot = Ballot.objects.get()
    assert ballot.voter_key == f"c{code.pk}"
    assert ballot.code == code
    assert ballot.user is None
    assert ballot.channel == Ballot.Channel.CODE
    assert ballot.choices == vote.pks(0, 1)
    assert ballot.receipt == second != first
    code.refresh_from_db()
    assert code.used_at == used_at
    code_cast(vote, other, {vote.budgets[0].pk: (vote.pks(0, 2), None)})
    assert Ballot.objects.count() == 2
    assert VotingCode.objects.filter(used_at__isnull=False).count() == 2


def test_an_unknown_code_is_refused(make_vote):
    vote = make_vote("approval", voters=Decision.Voters.CODES)
    make_codes(vote.decision, 1)
    with pytest.raises(InvalidCode):
        voting.code_for(vote.decision, "AAAA-BBBB-CCCC")
    with pytest.raises(InvalidCode):
        voting.code_for(vote.decision, "too short")


def test_a_code_of_another_decision_is_refused(make_vote):
    vote = make_vote("approval", voters=Decision.Voters.CODES)
    other = make_vote("approval", voters=Decision.Voters.CODES)
    [typed] = make_codes(other.decision, 1)
    with pytest.raises(InvalidCode):
        voting.code_for(vote.decision, typed)
    code = voting.code_for(other.decision, typed)
    with pytest.raises(InvalidCode):
        voting.ballot_cast(
            vote.decision, voter_key=f"c{code.pk}", ballots={vote.budgets[0].pk: (vote.pks(0, 0), None)}, code=code
        )
    assert Ballot.objects.count() == 0
    assert VotingCode.objects.filter(used_at__isnull=False).count() == 0


def test_codes_are_refused_where_only_residents_vote(make_vote):
    vote = make_vote("approval", voters=Decision.Voters.RESIDENTS)
    [typed] = make_codes(vote.decision, 1)
    with pytest.raises(InvalidCode):
        voting.code_for(vote.decision, typed)


def test_a_code_on_a_closed_vote_is_not_claimed(make_vote):
    vote = make_vote("approval", voters=Decision.Voters.BOTH, start=-10, end=-1)
    [typed] = make_codes(vote.decision, 1)
    with pytest.raises(VotingClosed):
        code_cast(vote, typed, {vote.budgets[0].pk: (vote.pks(0, 0), None)})
    assert VotingCode.objects.filter(used_at__isnull=False).count() == 0
    assert Ballot.objects.count() == 0


def test_a_refused_code_ballot_does_not_use_the_code(make_vote):
    vote = make_vote("approval", voters=Decision.Voters.CODES, max_choices=1)
    [typed] = make_codes(vote.decision, 1)
    with pytest.raises(InvalidBallot):
        code_cast(vote, typed, {vote.budgets[0].pk: (vote.pks(0, 0, 1), None)})
    assert VotingCode.objects.filter(used_at__isnull=False).count() == 0


def test_the_receipt_is_emailed_by_a_task_that_takes_ids_only(
    make_vote, citizen, mailoutbox, django_capture_on_commit_callbacks
):
    from cocreate.decisions.voting_tasks import send_ballot_receipt

    vote = make_vote("approval")
    with django_capture_on_commit_callbacks(execute=True):
        receipt = cast(vote, citizen, {vote.budgets[0].pk: (vote.pks(0, 0), None)})
    queued = [r for r in default_task_backend.results if r.task.name == send_ballot_receipt.name]
    assert [r.kwargs for r in queued] == [{"decision_id": vote.decision.pk, "user_id": citizen.pk}]
    assert send_ballot_receipt.call(decision_id=vote.decision.pk, user_id=citizen.pk) is True
    [mail] = mailoutbox
    assert mail.to == [citizen.email]
    assert receipt in mail.subject
    assert receipt in mail.body
    assert f"/decisions/{vote.decision.pk}/vote/mine/" in mail.body


def test_a_code_voter_gets_no_email_task(make_vote, django_capture_on_commit_callbacks):
    vote = make_vote("approval", voters=Decision.Voters.CODES)
    [typed] = make_codes(vote.decision, 1)
    with django_capture_on_commit_callbacks(execute=True):
        code_cast(vote, typed, {vote.budgets[0].pk: (vote.pks(0, 0), None)})
    assert default_task_backend.results == []


def test_casting_takes_few_queries(make_vote, make_user):
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cocreate.decisions.voting_queries import decision_for_voting

    vote = make_vote("approval", voters=Decision.Voters.CODES)
    typed = make_codes(vote.decision, 3)
    code_cast(vote, typed[0], {vote.budgets[0].pk: (vote.pks(0, 0), None)})  # the paper is read once
    decision = decision_for_voting(vote.decision.pk, AnonymousUser())
    code = voting.code_for(decision, typed[1])
    with CaptureQueriesContext(connection) as queries:
        voting.ballot_cast(
            decision,
            voter_key=voting.voter_key_for_code(code),
            ballots={vote.budgets[0].pk: (vote.pks(0, 1), None)},
            code=code,
            channel=Ballot.Channel.CODE,
        )
    statements = [q["sql"].split()[0] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    # Claim the code and upsert the ballot: one statement on PostgreSQL, two in a transaction elsewhere.
    assert statements == (["WITH"] if connection.vendor == "postgresql" else ["UPDATE", "INSERT"])
    code.refresh_from_db()
    assert code.used_at is not None
    assert Ballot.objects.get(code=code).choices == vote.pks(0, 1)


def test_a_new_ballot_in_fewer_budgets_drops_the_voters_other_budgets_in_the_same_write(make_vote):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    vote = make_vote("approval", voters=Decision.Voters.CODES, budgets=BUDGETS, budget_rule=Decision.BudgetRule.ONE)
    [typed] = make_codes(vote.decision, 1, district="North")
    code_cast(vote, typed, {vote.budgets[0].pk: (vote.pks(0, 0), None)}, district="North")
    with CaptureQueriesContext(connection) as queries:
        code_cast(vote, typed, {vote.budgets[1].pk: (vote.pks(1, 0), None)}, district="North")

    assert list(Ballot.objects.filter(decision=vote.decision).values_list("budget_id", flat=True)) == [
        vote.budgets[1].pk
    ]
    writes = [q["sql"].split()[0] for q in queries.captured_queries]
    if connection.vendor == "postgresql":
        assert [w for w in writes if w != "SELECT"] == ["WITH"]
    else:  # the ORM's delete reads what it deletes first
        assert {"INSERT", "DELETE"} <= set(writes)
