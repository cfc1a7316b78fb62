"""Paper ballots entered twice by two officials: agreement counts the sheet, disagreement waits for a resolution."""

from decimal import Decimal

import pytest

from cocreate.core.errors import NotPermitted

from ..errors import CountingStarted, InvalidBallot, SheetEnteredTwiceBySamePerson
from ..models import Ballot, Decision, PaperEntry, PaperSheet, Project
from ..paper import paper_entry_submit, paper_sheet_resolve
from .manage_fixtures import *  # noqa: F403  (the fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(decision, budget):
    return [
        Project.objects.create(decision=decision, budget=budget, title=title, cost=Decimal(cost), position=n)
        for n, (title, cost) in enumerate([("Trees", "20000"), ("Lights", "30000"), ("Benches", "5000")])
    ]


def enter(client, decision, budget, *, place="Town hall", number="17", district="Riverside", projects=(), **extra):
    data = {"polling_place": place, "number": number, "district": district, "projects": [p.pk for p in projects]}
    data.update(extra)
    return client.post(f"/decisions/{decision.pk}/manage/paper/budgets/{budget.pk}/", data)


def test_two_officials_who_agree_make_a_paper_ballot(
    signed_in, official, second_official, decision, budget, projects, django_user_model
):
    trees, lights, _benches = projects
    response = enter(signed_in(official), decision, budget, projects=[trees, lights])
    assert response.status_code == 302
    sheet = PaperSheet.objects.get()
    assert (sheet.status, sheet.polling_place, sheet.number, sheet.district) == (
        "waiting",
        "Town hall",
        "17",
        "Riverside",
    )
    assert Ballot.objects.count() == 0
    response = enter(signed_in(second_official), decision, budget, projects=[lights, trees])  # order of ticks
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == "matched"
    ballot = Ballot.objects.get()
    assert sheet.ballot == ballot
    assert (ballot.channel, ballot.voter_key, ballot.district, ballot.polling_place, ballot.user) == (
        "paper",
        f"p{sheet.pk}",
        "Riverside",
        "Town hall",
        None,
    )
    assert sorted(ballot.choices) == sorted([trees.pk, lights.pk])
    assert ballot.receipt


def test_the_same_official_cannot_enter_a_sheet_twice(signed_in, official, decision, budget, projects):
    client = signed_in(official)
    enter(client, decision, budget, projects=projects[:1])
    response = enter(client, decision, budget, projects=projects[:1])
    assert response.status_code == 400
    assert "You have already entered this sheet" in response.content.decode()
    assert PaperEntry.objects.count() == 1
    assert Ballot.objects.count() == 0
    with pytest.raises(SheetEnteredTwiceBySamePerson):
        paper_entry_submit(
            actor=official,
            decision=decision,
            budget=budget,
            polling_place="Town hall",
            number="17",
            choices=[projects[0].pk],
        )


def test_differing_entries_are_listed_side_by_side_and_resolved_with_one_of_them(
    signed_in, official, second_official, org_admin, decision, budget, projects
):
    trees, _lights, benches = projects
    enter(signed_in(official), decision, budget, projects=[trees])
    enter(signed_in(second_official), decision, budget, projects=[benches])
    sheet = PaperSheet.objects.get()
    assert sheet.status == "mismatch"
    assert Ballot.objects.count() == 0
    resolver = signed_in(org_admin)
    overview = resolver.get(f"/decisions/{decision.pk}/manage/paper/").content.decode()
    assert f"/decisions/{decision.pk}/manage/paper/sheets/{sheet.pk}/" in overview
    page = resolver.get(f"/decisions/{decision.pk}/manage/paper/sheets/{sheet.pk}/").content.decode()
    assert "Entry 1, by Omar Official" in page
    assert "Entry 2, by Olga Official" in page
    assert page.index("Trees") < page.index("Benches")
    second_entry = sheet.entries.get(entered_by=second_official)
    response = resolver.post(f"/decisions/{decision.pk}/manage/paper/sheets/{sheet.pk}/", {"entry": second_entry.pk})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert (sheet.status, sheet.resolved_by) == ("resolved", org_admin)
    assert Ballot.objects.get().choices == [benches.pk]


def test_a_differing_sheet_is_resolved_with_the_reading_typed_by_an_official(
    signed_in, official, second_official, decision, budget, projects
):
    trees, lights, benches = projects
    enter(signed_in(official), decision, budget, projects=[trees])
    enter(signed_in(second_official), decision, budget, projects=[lights])
    sheet = PaperSheet.objects.get()
    client = signed_in(official)
    url = f"/decisions/{decision.pk}/manage/paper/sheets/{sheet.pk}/"
    refused = client.post(url, {"reading-projects": []})
    assert refused.status_code == 400
    assert "Choose at least one project." in refused.content.decode()
    assert Ballot.objects.count() == 0
    response = client.post(url, {"reading-projects": [trees.pk, benches.pk]})
    assert response.status_code == 302
    assert sorted(Ballot.objects.get().choices) == sorted([trees.pk, benches.pk])
    # a resolved sheet is not resolved again, nor entered again
    assert client.post(url, {"entry": sheet.entries.first().pk}).status_code == 400
    assert Ballot.objects.count() == 1


def test_a_reading_that_breaks_the_ballot_rules_comes_back_with_what_was_typed(
    signed_in, official, decision, budget, projects
):
    Decision.objects.filter(pk=decision.pk).update(ballot_type=Decision.BallotType.KNAPSACK)
    response = enter(signed_in(official), decision, budget, place="Library", projects=projects)  # 55,000 within 100,000
    assert response.status_code == 302
    budget.amount = Decimal("40000")
    budget.save()
    response = enter(signed_in(official), decision, budget, place="Library", number="18", projects=projects)
    assert response.status_code == 400
    body = response.content.decode()
    assert "more than the budget" in body
    assert 'value="Library"' in body
    assert 'value="18"' in body
    assert PaperSheet.objects.count() == 1


def test_points_ballots_agree_on_the_points_given(signed_in, official, second_official, decision, budget, projects):
    Decision.objects.filter(pk=decision.pk).update(ballot_type=Decision.BallotType.CUMULATIVE, points_per_voter=10)
    trees, lights, benches = projects
    url = f"/decisions/{decision.pk}/manage/paper/budgets/{budget.pk}/"
    sheet = {"polling_place": "School", "number": "1", "district": ""}
    signed_in(official).post(url, {**sheet, f"project_{trees.pk}": "6", f"project_{benches.pk}": "4"})
    signed_in(second_official).post(url, {**sheet, f"project_{trees.pk}": "4", f"project_{benches.pk}": "6"})
    assert PaperSheet.objects.get().status == "mismatch"
    sheet["number"] = "2"
    signed_in(official).post(url, {**sheet, f"project_{trees.pk}": "7", f"project_{lights.pk}": "3"})
    signed_in(second_official).post(url, {**sheet, f"project_{trees.pk}": "7", f"project_{lights.pk}": "3"})
    ballot = Ballot.objects.get()
    assert dict(zip(ballot.choices, ballot.points, strict=True)) == {trees.pk: 7, lights.pk: 3}


def test_ranked_ballots_agree_on_the_order(signed_in, official, second_official, decision, budget, projects):
    Decision.objects.filter(pk=decision.pk).update(ballot_type=Decision.BallotType.RANKED, max_choices=3)
    trees, _lights, benches = projects
    url = f"/decisions/{decision.pk}/manage/paper/budgets/{budget.pk}/"
    sheet = {"polling_place": "School", "number": "1", "district": ""}
    ranks = {f"project_{benches.pk}": "1", f"project_{trees.pk}": "2"}
    signed_in(official).post(url, {**sheet, **ranks})
    signed_in(second_official).post(url, {**sheet, **ranks})
    assert Ballot.objects.get().choices == [benches.pk, trees.pk]
    same_rank = signed_in(official).post(url, {**sheet, "number": "3", **dict.fromkeys(ranks, "1")})
    assert same_rank.status_code == 400
    assert "Two projects have the same rank." in same_rank.content.decode()


def test_paper_is_entered_until_the_count_starts(signed_in, official, second_official, decision, budget, projects):
    enter(signed_in(official), decision, budget, projects=projects[:1])
    Decision.objects.filter(pk=decision.pk).update(results=Decision.Results.TALLYING)
    decision.refresh_from_db()
    response = enter(signed_in(second_official), decision, budget, projects=projects[:1])
    assert response.status_code == 409
    assert PaperEntry.objects.count() == 1
    assert Ballot.objects.count() == 0
    with pytest.raises(CountingStarted):
        paper_entry_submit(
            actor=second_official,
            decision=decision,
            budget=budget,
            polling_place="Town hall",
            number="17",
            choices=[projects[0].pk],
        )


def test_the_action_checks_every_reading_as_a_ballot(official, decision, budget, projects):
    with pytest.raises(InvalidBallot):
        paper_entry_submit(
            actor=official, decision=decision, budget=budget, polling_place="A", number="1", choices=[999]
        )
    assert PaperSheet.objects.count() == 0


@pytest.mark.parametrize("who", ["citizen", "other_official"])
def test_people_who_do_not_run_the_decision_cannot_enter_or_resolve_paper(
    request, signed_in, official, second_official, decision, budget, projects, who
):
    enter(signed_in(official), decision, budget, projects=projects[:1])
    enter(signed_in(second_official), decision, budget, projects=projects[1:2])
    sheet = PaperSheet.objects.get()
    user = request.getfixturevalue(who)
    client = signed_in(user)
    base = f"/decisions/{decision.pk}/manage/paper"
    assert client.get(f"{base}/").status_code == 403
    assert enter(client, decision, budget, number="99", projects=projects[:1]).status_code == 403
    assert client.post(f"{base}/sheets/{sheet.pk}/", {"entry": sheet.entries.first().pk}).status_code == 403
    assert client.get(f"/decisions/{decision.pk}/manage/counts/").status_code == 403
    assert PaperSheet.objects.count() == 1
    assert PaperEntry.objects.count() == 2
    assert Ballot.objects.count() == 0
    with pytest.raises(NotPermitted):
        paper_sheet_resolve(actor=user, sheet=sheet, entry=sheet.entries.first())
    sheet.refresh_from_db()
    assert sheet.status == "mismatch"


def test_the_counts_page_shows_ballots_per_polling_place_and_district_but_no_votes_per_project(
    signed_in, official, second_official, decision, budget, projects
):
    for number in ("1", "2"):
        enter(signed_in(official), decision, budget, number=number, projects=projects[:1])
        enter(signed_in(second_official), decision, budget, number=number, projects=projects[:1])
    Ballot.objects.create(decision=decision, budget=budget, voter_key="u1", receipt="r1", choices=[projects[0].pk])
    page = signed_in(official).get(f"/decisions/{decision.pk}/manage/counts/").content.decode()
    assert "<td>City-wide</td><td>Town hall</td><td>0</td><td>0</td><td>2</td><td>0</td><td>2</td>" in page
    assert "<td>City-wide</td><td>—</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td>" in page
    assert "<td>City-wide</td><td>Riverside</td><td>0</td><td>0</td><td>2</td><td>0</td><td>2</td>" in page
    assert "Trees" not in page


def test_a_second_entry_with_another_district_is_refused_without_showing_the_first(
    signed_in, official, second_official, decision, budget, projects
):
    enter(signed_in(official), decision, budget, district="Riverside", projects=projects[:1])
    response = enter(signed_in(second_official), decision, budget, district="Hillside", projects=projects[:1])
    assert response.status_code == 400
    body = response.content.decode()
    assert "first entered with another district" in body
    assert "Riverside" not in body.split("<main", 1)[1]  # the first reading stays unseen
    assert 'value="Hillside"' in body
    assert PaperEntry.objects.count() == 1
    assert Ballot.objects.count() == 0
