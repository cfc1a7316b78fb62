"""Officials set up a decision's settings; what a cast ballot means is locked once a ballot exists."""

import pytest

from cocreate.activity.models import Activity
from cocreate.core.errors import NotPermitted

from ..errors import SettingsLocked
from ..manage_actions import decision_settings_update
from ..models import Ballot, Decision
from .manage_fixtures import *  # noqa: F403  (the fixtures)

pytestmark = pytest.mark.django_db


def settings_post(decision, **changes):
    data = {
        "title": decision.title,
        "description": decision.description,
        "method": decision.method,
        "ballot_type": decision.ballot_type,
        "rule": decision.rule,
        "min_choices": decision.min_choices,
        "max_choices": decision.max_choices or "",
        "points_per_voter": decision.points_per_voter,
        "max_points_per_project": decision.max_points_per_project or "",
        "min_budget_share": decision.min_budget_share,
        "budget_rule": decision.budget_rule,
        "voters": decision.voters,
        "min_age": decision.min_age or "",
        "eligibility": decision.eligibility,
        "public": "on" if decision.public else "",
        "live_counts": "on" if decision.live_counts else "",
    }
    data.update(changes)
    for checkbox in ("public", "live_counts"):  # an unticked box is not sent
        if not data[checkbox]:
            del data[checkbox]
    return data


def cast_ballot(decision, budget):
    return Ballot.objects.create(decision=decision, budget=budget, voter_key="u1", receipt="r1", choices=[])


def test_an_official_changes_the_settings_before_any_ballot(signed_in, official, decision):
    client = signed_in(official)
    response = client.post(
        f"/decisions/{decision.pk}/manage/",
        settings_post(decision, ballot_type="cumulative", points_per_voter=12, max_points_per_project=5, min_age=14),
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.ballot_type == "cumulative"
    assert decision.points_per_voter == 12
    assert decision.max_points_per_project == 5
    assert decision.min_age == 14
    assert Activity.objects.filter(verb="decision.settings_changed").count() == 1


def test_a_refused_form_keeps_what_was_typed_and_says_why(signed_in, official, decision):
    client = signed_in(official)
    response = client.post(
        f"/decisions/{decision.pk}/manage/",
        settings_post(decision, title="A new title", min_choices=3, max_choices=2),
    )
    assert response.status_code == 400
    assert "cannot be fewer than the fewest" in response.content.decode()
    assert 'value="A new title"' in response.content.decode()
    decision.refresh_from_db()
    assert decision.title != "A new title"


def test_after_a_ballot_the_ballot_type_is_locked_and_the_page_says_so(signed_in, official, decision, budget):
    cast_ballot(decision, budget)
    client = signed_in(official)
    page = client.get(f"/decisions/{decision.pk}/manage/")
    assert "are locked" in page.content.decode()
    response = client.post(
        f"/decisions/{decision.pk}/manage/",
        settings_post(decision, ballot_type="ranked", eligibility="I live in Riverside"),
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.ballot_type == "approval"  # disabled field: the posted value is ignored
    assert decision.eligibility == "I live in Riverside"  # the others still change


def test_the_action_refuses_to_change_what_a_ballot_means_once_one_exists(official, decision, budget):
    cast_ballot(decision, budget)
    with pytest.raises(SettingsLocked):
        decision_settings_update(actor=official, decision=decision, min_choices=2)
    decision.refresh_from_db()
    assert decision.min_choices == 1
    decision_settings_update(actor=official, decision=decision, rule="greedy", live_counts=True)
    decision.refresh_from_db()
    assert decision.rule == "greedy"
    assert decision.live_counts is True


@pytest.mark.parametrize("who", ["citizen", "other_official"])
def test_people_who_do_not_run_the_decision_cannot_change_it(request, signed_in, decision, who):
    user = request.getfixturevalue(who)
    client = signed_in(user)
    before = Decision.objects.filter(pk=decision.pk).values().get()
    assert client.get(f"/decisions/{decision.pk}/manage/").status_code == 403
    response = client.post(f"/decisions/{decision.pk}/manage/", settings_post(decision, title="Taken over"))
    assert response.status_code == 403
    assert Decision.objects.filter(pk=decision.pk).values().get() == before
    with pytest.raises(NotPermitted):
        decision_settings_update(actor=user, decision=decision, title="Taken over")
    assert Activity.objects.filter(verb__startswith="decision.").count() == 0


def test_a_visitor_is_sent_to_sign_in(client, decision):
    response = client.post(f"/decisions/{decision.pk}/manage/", {"title": "x"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_decision_page_shows_managers_their_links_and_nobody_else(signed_in, official, citizen, decision):
    page = signed_in(official).get(f"/decisions/{decision.pk}/").content.decode()
    assert f"/decisions/{decision.pk}/manage/codes/" in page
    page = signed_in(citizen).get(f"/decisions/{decision.pk}/").content.decode()
    assert "/manage/" not in page


def test_the_challenge_back_office_links_to_the_stage_decision_which_is_made_on_first_use(
    signed_in, official, vote_challenge
):
    client = signed_in(official)
    stage = vote_challenge.stages.get()
    stages_page = client.get(f"/manage/challenges/{vote_challenge.slug}/stages/").content.decode()
    assert f"/decisions/stages/{stage.pk}/manage/" in stages_page
    assert Decision.objects.count() == 0
    response = client.get(f"/decisions/stages/{stage.pk}/manage/")
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/decisions/{decision.pk}/manage/"
    assert decision.stage == stage


def test_a_citizen_cannot_make_a_stage_decision(signed_in, citizen, vote_challenge):
    stage = vote_challenge.stages.get()
    assert signed_in(citizen).get(f"/decisions/stages/{stage.pk}/manage/").status_code == 403
    assert Decision.objects.count() == 0


def test_a_stage_that_makes_no_decision_has_no_decision_page(signed_in, official, make_challenge_in):
    challenge = make_challenge_in(stage="idea_collection")
    stage = challenge.stages.get()
    assert signed_in(official).get(f"/decisions/stages/{stage.pk}/manage/").status_code == 404
    assert Decision.objects.count() == 0
