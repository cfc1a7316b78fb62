"""Fixtures of the delivery tests: a challenge whose design and vote stages are over and whose delivery stage runs,
with a closed decision that selected two projects (each from a design built on an idea) and did not select one."""

from decimal import Decimal

import pytest

from cocreate.activity.actions import link_create
from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
from cocreate.conftest import days_from_now
from cocreate.decisions.models import Budget, Decision, Project
from cocreate.designs.models import Design
from cocreate.engagement.models import Support
from cocreate.ideas.models import Idea


def make_delivery_challenge(*, actor, organisation, department, title="Greener squares", visibility="public"):
    challenge = challenge_create(
        actor=actor,
        organisation=organisation,
        department=department,
        title=title,
        summary="Squares are too hot in summer.",
        problem_statement="No shade.",
        template="co_design_studio",
        visibility=visibility,
    ).challenge
    challenge_set_stages(
        actor=actor,
        challenge=challenge,
        stage_specs=[
            StageSpec(type="design", starts_at=days_from_now(-60), ends_at=days_from_now(-30)),
            StageSpec(type="vote", starts_at=days_from_now(-30), ends_at=days_from_now(-2)),
            StageSpec(type="delivery", starts_at=days_from_now(-2), ends_at=None),
        ],
    )
    return challenge_publish(actor=actor, challenge=challenge)


@pytest.fixture
def challenge(admin_user, city, department):
    return make_delivery_challenge(actor=admin_user, organisation=city, department=department)


@pytest.fixture
def idea_author(make_user):
    return make_user(display_name="Ida Idea")


@pytest.fixture
def idea_supporter(make_user):
    return make_user(display_name="Sam Supporter")


@pytest.fixture
def designer(make_user):
    return make_user(display_name="Dee Designer")


def _design_from_idea(challenge, *, idea_author, designer, title, selected, supporter=None):
    stages = {s.type: s for s in challenge.ordered_stages}
    idea = Idea.objects.create(
        author=idea_author,
        challenge=challenge,
        organisation=challenge.organisation,
        stage=stages["design"],
        title=f"Idea: {title}",
        description="An idea.",
    )
    if supporter is not None:
        Support.objects.create(target=idea, user=supporter)
    design = Design.objects.create(
        author=designer,
        challenge=challenge,
        organisation=challenge.organisation,
        stage=stages["design"],
        title=title,
        summary=f"{title}, in short.",
        status=Design.Status.SELECTED if selected else Design.Status.NOT_SELECTED,
    )
    link_create(source=design, target=idea, kind="designed_from")
    return design


@pytest.fixture
def decision(challenge, idea_author, idea_supporter, designer):
    """A closed vote: "Shade trees" (cost 120) and "Fountains" (60) selected, "Library" (45) not."""
    vote_stage = next(s for s in challenge.ordered_stages if s.type == "vote")
    decision = Decision.objects.create(
        stage=vote_stage,
        challenge=challenge,
        organisation=challenge.organisation,
        title="Budget 2025",
        results=Decision.Results.PUBLISHED,
    )
    budget = Budget.objects.create(decision=decision, name="City-wide", amount=Decimal(200))
    for position, (title, cost, selected) in enumerate(
        [("Shade trees", 120, True), ("Fountains", 60, True), ("Library", 45, False)]
    ):
        design = _design_from_idea(
            challenge,
            idea_author=idea_author,
            designer=designer,
            title=title,
            selected=selected,
            supporter=idea_supporter if position == 0 else None,
        )
        Project.objects.create(
            decision=decision,
            budget=budget,
            title=title,
            description=f"{title} for everyone.",
            cost=Decimal(cost),
            source=design,
            position=position,
            selected=selected,
        )
        if selected:
            link_create(source=design, target=decision, kind="selected_in")
    return decision


def move_task(task, *, starts_in):
    """The task moved in time (as if the clock had run) to start ``starts_in`` from now, keeping its length: tasks
    are only made in the future, and people are checked in from an hour before the start."""
    from django.utils import timezone

    from cocreate.delivery.models import VolunteerTask

    length = task.ends_at - task.starts_at
    starts_at = timezone.now() + starts_in
    VolunteerTask.objects.filter(pk=task.pk).update(starts_at=starts_at, ends_at=starts_at + length)
    task.refresh_from_db()
    return task
