"""Closing a vote, the background count, publishing and what it does to the designs on the ballot; dry counts."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.tasks import default_task_backend
from django.utils import timezone

from cocreate.activity.models import Link
from cocreate.core.errors import NotPermitted
from cocreate.decisions import results_actions
from cocreate.decisions.errors import AlreadyCounted
from cocreate.decisions.models import Decision, Project, TallyRun
from cocreate.decisions.tasks import close_ended_votes, count_decision, count_dry_runs
from cocreate.designs.models import Design
from cocreate.engagement.models import Notification, Support

from . import results_fixtures
from .results_fixtures import add_ballot

pytestmark = pytest.mark.django_db
designs_on_ballot = results_fixtures.designs_on_ballot
vote = results_fixtures.vote  # fixtures


def _queued(name):
    return [r for r in default_task_backend.results if r.task.name == name]


def _cast(vote, make_user):
    p = vote["projects"]
    voters = [make_user() for _ in range(4)]
    for voter in voters[:3]:
        add_ballot(vote["decision"], vote["budget"], [p["A"], p["C"]], user=voter)
    add_ballot(vote["decision"], vote["budget"], [p["B"]], user=voters[3])
    return voters


def test_an_official_closes_the_vote_and_the_worker_counts_and_publishes(
    vote, official, make_user, designs_on_ballot, django_capture_on_commit_callbacks
):
    decision, p = vote["decision"], vote["projects"]
    Decision.objects.filter(pk=decision.pk).update(rule=Decision.Rule.MES)
    voters = _cast(vote, make_user)
    supporter = make_user(display_name="Sue Supporter")
    Support.objects.create(
        user=supporter, target_type=ContentType.objects.get_for_model(Design), target_id=p["A"].source_id
    )

    with django_capture_on_commit_callbacks(execute=True):
        results_actions.decision_close(decision, by=official)

    decision.refresh_from_db()
    assert decision.results == Decision.Results.TALLYING
    assert decision.stage.ends_at <= timezone.now() and not decision.voting_open()
    assert TallyRun.objects.get(decision=decision).status == TallyRun.Status.QUEUED
    (queued,) = _queued("count_decision")
    assert queued.kwargs == {"decision_id": decision.pk}

    assert count_decision.call(decision_id=decision.pk) == Decision.Results.PUBLISHED

    decision.refresh_from_db()
    assert decision.results == Decision.Results.PUBLISHED and decision.results_published_at
    assert dict(Project.objects.filter(decision=decision).values_list("title", "selected")) == {
        "Project A": True,
        "Project B": False,
        "Project C": False,
        "Project D": False,
    }
    design_a, design_b = (Design.objects.get(pk=p[k].source_id) for k in "AB")
    assert design_a.status == Design.Status.SELECTED and design_b.status == Design.Status.NOT_SELECTED
    assert Link.objects.filter(
        kind="selected_in",
        source_type=ContentType.objects.get_for_model(Design),
        source_id=design_a.pk,
        target_type=ContentType.objects.get_for_model(Decision),
        target_id=decision.pk,
    ).exists()
    assert not Link.objects.filter(kind="selected_in", source_id=design_b.pk).exists()
    told = set(Notification.objects.filter(target_id=design_a.pk).values_list("recipient_id", flat=True))
    assert {vote["author"].pk, supporter.pk, voters[0].pk, voters[2].pk} <= told
    assert voters[3].pk not in told  # voted for B only
    b_told = Notification.objects.filter(target_id=design_b.pk, recipient=voters[3]).get()
    assert b_told.verb == "decision.not_selected" or b_told.verb == "status.changed"
    # A second run of the task changes nothing.
    assert count_decision.call(decision_id=decision.pk) == Decision.Results.PUBLISHED
    assert TallyRun.objects.filter(decision=decision, dry_run=False).count() == 1


def test_closing_twice_is_refused(vote, official):
    results_actions.decision_close(vote["decision"], by=official)
    with pytest.raises(AlreadyCounted):
        results_actions.decision_close(vote["decision"], by=official)
    assert TallyRun.objects.filter(decision=vote["decision"]).count() == 1


@pytest.mark.parametrize("who", ["citizen", "other_official", "anonymous"])
def test_others_cannot_close_or_dry_count_and_nothing_changes(vote, who, citizen, make_user, other_city):
    from django.contrib.auth.models import AnonymousUser

    from cocreate.organisations.actions import membership_grant

    if who == "other_official":
        user = make_user()
        from cocreate.organisations.actions import department_create

        membership_grant(
            user=user,
            organisation=other_city,
            role="official",
            department=department_create(organisation=other_city, name="Parks"),
        )
    else:
        user = citizen if who == "citizen" else AnonymousUser()
    decision = vote["decision"]
    ends_at = decision.stage.ends_at
    with pytest.raises(NotPermitted):
        results_actions.decision_close(decision, by=user)
    with pytest.raises(NotPermitted):
        results_actions.dry_count(decision, by=user)
    decision.refresh_from_db()
    decision.stage.refresh_from_db()
    assert decision.results == Decision.Results.NONE and decision.stage.ends_at == ends_at
    assert not TallyRun.objects.exists() and not default_task_backend.results


def test_a_dry_count_is_for_officials_and_voting_goes_on(vote, official, make_user, django_capture_on_commit_callbacks):
    _cast(vote, make_user)
    decision = vote["decision"]
    with django_capture_on_commit_callbacks(execute=True):
        runs = results_actions.dry_count(decision, by=official, rule="greedy")
    (queued,) = _queued("count_dry_runs")
    assert count_dry_runs.call(**queued.kwargs) == 1
    run = TallyRun.objects.get(pk=runs[0].pk)
    assert run.dry_run and run.status == TallyRun.Status.DONE and run.rule == "greedy"
    decision.refresh_from_db()
    assert decision.results == Decision.Results.NONE and decision.voting_open()
    assert not Project.objects.filter(decision=decision, selected__isnull=False).exists()


def test_votes_whose_stage_ended_are_closed_and_counted_by_the_periodic_task(
    vote, make_user, django_capture_on_commit_callbacks
):
    _cast(vote, make_user)
    decision = vote["decision"]
    stage = decision.stage
    type(stage).objects.filter(pk=stage.pk).update(ends_at=timezone.now() - dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert close_ended_votes.call() == 1
    assert close_ended_votes.call() == 0
    (queued,) = _queued("count_decision")
    count_decision.call(**queued.kwargs)
    decision.refresh_from_db()
    assert decision.results == Decision.Results.PUBLISHED


def test_a_failed_count_marks_the_decision_and_officials_can_close_again(vote, official):
    from decimal import Decimal

    from .results_fixtures import add_project

    decision = vote["decision"]
    dear = add_project(decision, vote["budget"], "Too dear", Decimal(900))
    results_actions.decision_close(decision, by=official)
    assert count_decision.call(decision_id=decision.pk) == Decision.Results.FAILED
    dear.delete()
    results_actions.decision_close(decision, by=official)
    assert count_decision.call(decision_id=decision.pk) == Decision.Results.PUBLISHED
