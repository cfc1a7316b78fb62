"""Every write of delivery: making projects (from a decision's winners, from a selected design, or by hand), their
progress and status, milestones, budget lines and updates. One transaction each, with the activity entry, the
lineage, and the notifications queued on commit.

Everyone who took part in what a project came of hears of each milestone reached and each change of its status
(completion included): the project's own followers directly, and the people upstream in the lineage (who reported
the problems, proposed and supported the ideas, wrote and supported the designs) once each, through
``engagement.actions.notify_upstream``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cocreate.activity.actions import activity_record, link_create
from cocreate.core.images import process_photo
from cocreate.core.permissions import require_perm
from cocreate.engagement.actions import followers, notify, notify_upstream, status_change, supporters

from . import budget_csv, dashboards, queries
from .errors import (
    DecisionNotClosed,
    ImpossibleDate,
    InvalidParent,
    LocationIncomplete,
    MilestoneAlreadyReached,
    NotADeliveryStage,
    NotSelected,
    ProgressOutOfRange,
)
from .models import BudgetItem, ImplementationProject, Milestone, ProjectUpdate


def _record(actor, verb: str, project: ImplementationProject, data: dict | None = None) -> None:
    activity_record(actor=actor, verb=verb, target=project, data=data)
    dashboards.dashboard_changed()


def _tell(project: ImplementationProject, *, actor, verb: str, text: str) -> None:
    """The project's followers and supporters at once, then everyone else who took part in it or upstream of it
    (volunteers, voters, the people behind its ideas and problems) through the worker: once each."""
    direct = {project.author_id, *followers(project), *supporters(project)} - {None}
    notify(recipients=direct, actor=actor, verb=verb, target=project, text=text[:300])
    notify_upstream(actor=actor, target=project, verb=verb, text=text[:300], told=direct)


# --- Projects --------------------------------------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    actor,
    challenge,
    title: str,
    description: str,
    district: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    departments=(),
    partners=(),
    parent: ImplementationProject | None = None,
    budget_planned: Decimal | None = None,
    estimated_cost: Decimal | None = None,
    currency: str = "EUR",
    decision_project=None,
    source=None,
) -> ImplementationProject:
    """A project in the challenge's delivery stage, made by an official. ``source`` (a selected design or idea) and
    ``decision_project`` (the project on the ballot) say what it carries out; both are linked in the lineage."""
    require_perm(actor, "delivery.add_implementationproject", challenge)
    stage = queries.delivery_stage(challenge)
    if stage is None:
        raise NotADeliveryStage()
    if parent is not None and (parent.challenge_id != challenge.pk or parent.parent_id is not None):
        raise InvalidParent()
    if (latitude is None) != (longitude is None):
        raise LocationIncomplete()
    project = ImplementationProject.objects.create(
        author=actor,
        challenge=challenge,
        organisation_id=challenge.organisation_id,
        stage=stage,
        title=title.strip(),
        description=description.strip(),
        district=district.strip(),
        latitude=latitude,
        longitude=longitude,
        parent=parent,
        budget_planned=budget_planned,
        estimated_cost=estimated_cost,
        currency=currency,
        decision_project=decision_project,
        source_label=source._meta.label_lower if source is not None else "",
        source_id=source.pk if source is not None else None,
    )
    project.departments.set([d for d in departments if d.organisation_id == challenge.organisation_id])
    project.partners.set(list(partners))
    link_create(source=project, target=challenge, kind="delivered_in", actor=actor)
    if source is not None:
        link_create(source=source, target=project, kind="implemented_as", actor=actor)
    elif decision_project is not None:
        link_create(source=decision_project.decision, target=project, kind="implemented_as", actor=actor)
    _record(actor, "delivery.project_created", project)
    return project


@transaction.atomic
def projects_from_decision(*, actor, decision) -> list[ImplementationProject]:
    """One project for each project the closed decision selected, with its cost as the planned budget. Idempotent:
    a selected project that already has its implementation (or whose design has one) gets no second."""
    from cocreate.decisions.models import Decision

    if decision.challenge is None:
        raise NotADeliveryStage()
    require_perm(actor, "delivery.add_implementationproject", decision.challenge)
    if decision.results != Decision.Results.PUBLISHED:
        raise DecisionNotClosed()
    made = []
    for selected in queries.selected_without_implementation(decision):
        source = selected.source
        made.append(
            project_create(
                actor=actor,
                challenge=decision.challenge,
                title=selected.title,
                description=selected.description or queries.summary_of(source) or selected.title,
                district=selected.district,
                budget_planned=selected.cost,
                estimated_cost=queries.estimated_cost_of(source, fallback=selected.cost),
                currency=decision.currency,
                decision_project=selected,
                source=source,
            )
        )
    return made


@transaction.atomic
def project_from_selected(*, actor, item) -> ImplementationProject:
    """The project that carries out a selected design (or idea) of the challenge: made on first call, the same one
    after."""
    existing = queries.implementation_of(item)
    if existing is not None:
        require_perm(actor, "delivery.add_implementationproject", item.challenge)
        return existing
    if not queries.is_selected(item):
        raise NotSelected()
    estimate = queries.estimated_cost_of(item)
    return project_create(
        actor=actor,
        challenge=item.challenge,
        title=item.title,
        description=queries.summary_of(item) or item.title,
        budget_planned=estimate,
        estimated_cost=estimate,
        source=item,
    )


@transaction.atomic
def project_change(*, actor, project: ImplementationProject, **fields) -> ImplementationProject:
    """Officials correct the project's public details (title, description, place, budget planned, parent…)."""
    require_perm(actor, "delivery.change_implementationproject", project)
    project = ImplementationProject.objects.select_for_update().get(pk=project.pk)
    departments = fields.pop("departments", None)
    partners = fields.pop("partners", None)
    parent = fields.get("parent", project.parent)
    if parent is not None and (
        parent.pk == project.pk
        or parent.challenge_id != project.challenge_id
        or parent.parent_id is not None
        or project.children.exists()
    ):
        raise InvalidParent()
    for name, value in fields.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    if (project.latitude is None) != (project.longitude is None):
        raise LocationIncomplete()
    project.save()
    if departments is not None:
        project.departments.set([d for d in departments if d.organisation_id == project.organisation_id])
    if partners is not None:
        project.partners.set(list(partners))
    _record(actor, "delivery.project_changed", project)
    return project


@transaction.atomic
def project_set_progress(*, actor, project: ImplementationProject, progress: int | None, note: str = ""):
    """Officials set the progress (0–100), or clear it to derive it from the milestones again. A note is posted as
    a public update."""
    require_perm(actor, "delivery.change_implementationproject", project)
    if progress is not None and not 0 <= progress <= 100:
        raise ProgressOutOfRange()
    ImplementationProject.objects.filter(pk=project.pk).update(progress=progress, updated_at=timezone.now())
    project.progress = progress
    _record(actor, "delivery.progress_set", project, data={"progress": progress})
    if note.strip():
        ProjectUpdate.objects.create(project=project, body=note.strip(), author=actor)
    return project


@transaction.atomic
def project_set_status(*, actor, project: ImplementationProject, status: str, answer: str):
    """A new status with its public answer (engagement's state machine): the project's followers and everyone
    upstream hear of it once each."""
    require_perm(actor, "delivery.answer_implementationproject", project)
    dashboards.dashboard_changed()
    return status_change(actor=actor, target=project, status=status, answer=answer, check_permission=False)


# --- Milestones ------------------------------------------------------------------------------------------------------


@transaction.atomic
def milestone_add(*, actor, project: ImplementationProject, title: str, planned_on: dt.date, note: str = ""):
    require_perm(actor, "delivery.change_implementationproject", project)
    milestone = Milestone.objects.create(
        project=project, title=title.strip(), planned_on=planned_on, note=note.strip(), created_by=actor
    )
    ImplementationProject.objects.filter(pk=project.pk).update(milestone_count=F("milestone_count") + 1)
    _record(actor, "delivery.milestone_added", project, data={"milestone": milestone.pk})
    return milestone


@transaction.atomic
def milestone_reach(*, actor, milestone: Milestone, reached_on: dt.date | None = None, note: str = "") -> Milestone:
    """The milestone is reached (today unless another past day is given); everyone who took part hears."""
    project = milestone.project
    require_perm(actor, "delivery.change_implementationproject", project)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.reached_on is not None:
        raise MilestoneAlreadyReached()
    today = timezone.localdate()
    reached_on = reached_on or today
    if reached_on > today:
        raise ImpossibleDate()
    milestone.reached_on = reached_on
    if note.strip():
        milestone.note = note.strip()
    milestone.save(update_fields=["reached_on", "note"])
    ImplementationProject.objects.filter(pk=project.pk).update(
        milestones_met=F("milestones_met") + 1, updated_at=timezone.now()
    )
    _record(actor, "delivery.milestone_recorded", project, data={"milestone": milestone.pk})
    text = milestone.title if not milestone.note else f"{milestone.title}: {milestone.note}"
    _tell(project, actor=actor, verb="delivery.milestone_reached", text=text)
    return milestone


# --- Budget ----------------------------------------------------------------------------------------------------------


def _add_to_totals(project: ImplementationProject, items) -> None:
    committed = sum((i.amount for i in items if i.kind == BudgetItem.Kind.COMMITTED), Decimal(0))
    spent = sum((i.amount for i in items if i.kind == BudgetItem.Kind.SPENT), Decimal(0))
    ImplementationProject.objects.filter(pk=project.pk).update(
        budget_committed=F("budget_committed") + committed, budget_spent=F("budget_spent") + spent
    )


@transaction.atomic
def budget_item_add(
    *, actor, project: ImplementationProject, description: str, amount: Decimal, kind: str, date: dt.date
) -> BudgetItem:
    require_perm(actor, "delivery.change_implementationproject", project)
    item = BudgetItem.objects.create(
        project=project, description=description.strip(), amount=amount, kind=kind, date=date, created_by=actor
    )
    _add_to_totals(project, [item])
    _record(actor, "delivery.budget_added", project, data={"items": 1})
    return item


@transaction.atomic
def budget_import_csv(*, actor, project: ImplementationProject, text: str) -> list[BudgetItem]:
    """Budget lines from a CSV file (see ``budget_csv``): all of them, or — when any row is wrong — none, with every
    error by row number."""
    require_perm(actor, "delivery.change_implementationproject", project)
    rows = budget_csv.parse(text)  # raises BudgetImportInvalid
    items = BudgetItem.objects.bulk_create(
        BudgetItem(project=project, created_by=actor, **row._asdict()) for row in rows
    )
    _add_to_totals(project, items)
    _record(actor, "delivery.budget_imported", project, data={"items": len(items)})
    return items


# --- Updates ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def update_post(*, actor, project: ImplementationProject, body: str, photo=None, photo_alt: str = "") -> ProjectUpdate:
    """A public update in the project's timeline, with an optional photo re-encoded without its metadata (camera,
    time, position); its followers hear of it."""
    require_perm(actor, "delivery.change_implementationproject", project)
    processed = process_photo(photo) if photo is not None else None  # before any row is written
    update = ProjectUpdate(project=project, body=body.strip(), author=actor, photo_alt=photo_alt.strip())
    if processed is not None:
        image, thumbnail = processed
        update.photo.save(image.name, image, save=False)
        update.thumbnail.save(thumbnail.name, thumbnail, save=False)
    update.save()
    ImplementationProject.objects.filter(pk=project.pk).update(updated_at=timezone.now())
    _record(actor, "delivery.update_posted", project, data={"update": update.pk})
    notify(recipients=followers(project), actor=actor, verb="delivery.update_posted", target=project, text=body[:300])
    return update


# --- Personal data ---------------------------------------------------------------------------------------------------


def erase_person(user, *, emails) -> None:
    """The milestones, budget lines and updates an erased official recorded stay, without their name. Projects keep
    pointing at the pseudonymised row, as every contribution does."""
    Milestone.objects.filter(created_by=user).update(created_by=None)
    BudgetItem.objects.filter(created_by=user).update(created_by=None)
    ProjectUpdate.objects.filter(author=user).update(author=None)
