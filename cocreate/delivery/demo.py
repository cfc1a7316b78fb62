"""Demo delivery: last year's closed vote gets a delivery stage, and its winners become projects in several states —
one on time, one late, one done."""

import datetime as dt

from django.utils import timezone

from cocreate.core.registry import DemoContext

from .models import ImplementationProject

CLOSED = "Neighbourhood budget 2025"


def _with_delivery_stage(challenge, admin) -> None:
    """The vote's challenge runs a delivery stage from the day after the vote ended, with no end."""
    from cocreate.challenges.actions import StageSpec, challenge_set_stages

    from .queries import delivery_stage

    if delivery_stage(challenge) is not None:
        return
    specs = [
        StageSpec(type=s.type, starts_at=s.starts_at, ends_at=s.ends_at, title=s.title, description=s.description)
        for s in challenge.ordered_stages
    ]
    starts = max(s.ends_at for s in specs if s.ends_at is not None)
    specs.append(StageSpec(type="delivery", starts_at=starts, ends_at=None))
    challenge_set_stages(actor=admin, challenge=challenge, stage_specs=specs)
    challenge.__dict__.pop("_ordered_stages", None)
    challenge.__dict__.pop("ordered_stages", None)


def seed_demo(context: DemoContext) -> None:
    from cocreate.decisions.models import Decision

    from . import actions, volunteering_demo

    admin = context.things.get("admin")
    decision = Decision.objects.filter(title=CLOSED, results=Decision.Results.PUBLISHED).first()
    if admin is None or decision is None or decision.challenge is None:
        return
    if ImplementationProject.objects.filter(challenge=decision.challenge).exists():
        return
    _with_delivery_stage(decision.challenge, admin)
    projects = actions.projects_from_decision(actor=admin, decision=decision)
    today = timezone.localdate()
    plans = [_on_time, _late, _done]
    for project, plan in zip(projects, plans * len(projects), strict=False):
        plan(project, admin, today)
    context.say(f"Created {len(projects)} demo implementation projects from “{CLOSED}” (on time, late, done).")
    if projects:
        volunteering_demo.seed_tasks(context, projects[0], admin)


def _on_time(project, admin, today):
    from . import actions

    first = actions.milestone_add(
        actor=admin, project=project, title="Contract signed", planned_on=today - dt.timedelta(days=20)
    )
    actions.milestone_reach(actor=admin, milestone=first, reached_on=today - dt.timedelta(days=22))
    actions.milestone_add(actor=admin, project=project, title="Works begin", planned_on=today + dt.timedelta(days=14))
    actions.milestone_add(actor=admin, project=project, title="Opened", planned_on=today + dt.timedelta(days=90))
    actions.project_set_status(
        actor=admin, project=project, status="in_progress", answer="The contract is signed; works begin soon."
    )
    planned = project.budget_planned or 0
    actions.budget_item_add(
        actor=admin,
        project=project,
        description="Main contract",
        amount=round(planned * 8 / 10, 2),
        kind="committed",
        date=today - dt.timedelta(days=22),
    )
    actions.update_post(actor=admin, project=project, body="We chose the contractor after three offers.")


def _late(project, admin, today):
    from . import actions

    actions.milestone_add(
        actor=admin, project=project, title="Permit granted", planned_on=today - dt.timedelta(days=10)
    )
    actions.milestone_add(actor=admin, project=project, title="Installed", planned_on=today + dt.timedelta(days=60))
    actions.project_set_status(
        actor=admin, project=project, status="in_progress", answer="We are waiting for the building permit."
    )
    actions.update_post(actor=admin, project=project, body="The permit takes longer than planned; we chase it weekly.")


def _done(project, admin, today):
    from . import actions

    for days, title in ((60, "Ordered"), (30, "Installed")):
        milestone = actions.milestone_add(
            actor=admin, project=project, title=title, planned_on=today - dt.timedelta(days=days)
        )
        actions.milestone_reach(actor=admin, milestone=milestone, reached_on=today - dt.timedelta(days=days + 1))
    actions.project_set_status(actor=admin, project=project, status="in_progress", answer="Ordered.")
    planned = project.budget_planned or 0
    actions.budget_item_add(
        actor=admin,
        project=project,
        description="Supply and fitting",
        amount=planned,
        kind="spent",
        date=today - dt.timedelta(days=31),
    )
    actions.project_set_status(
        actor=admin, project=project, status="done", answer="Installed and in use since last month."
    )
