"""Delivery in the JSON API: projects and their milestones, read by everyone who may see them; started and kept up
to date by the public body's officials (session authentication with the CSRF token, as the pages use)."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from cocreate.challenges.queries import challenge_for_page
from cocreate.core.api import InputSchema
from cocreate.core.permissions import require_perm

from . import actions, queries
from .budget_csv import MAX_AMOUNT
from .errors import NotInChallenge
from .models import ImplementationProject, Milestone

router = Router()


class MilestoneOut(Schema):
    id: int
    project: int
    title: str
    planned_on: dt.date
    reached_on: dt.date | None
    late: bool
    note: str


class ImplementationProjectOut(Schema):
    id: int
    challenge: str
    title: str
    description: str
    status: str
    progress: int
    progress_set_by_hand: bool
    late: bool
    district: str
    latitude: Decimal | None
    longitude: Decimal | None
    parent: int | None
    currency: str
    budget_planned: Decimal | None
    budget_committed: Decimal
    budget_spent: Decimal
    estimated_cost: Decimal | None
    url: str


class ImplementationProjectDetailOut(ImplementationProjectOut):
    departments: list[str]
    partners: list[str]
    milestones: list[MilestoneOut]


class ImplementationProjectFilters(InputSchema):
    challenge: str = Field(..., max_length=200)


class ImplementationProjectIn(InputSchema):
    challenge: str = Field(..., max_length=200)
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1, max_length=5000)
    district: str = Field("", max_length=120)
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    budget_planned: Decimal | None = Field(None, ge=0, le=MAX_AMOUNT, decimal_places=2)
    parent: int | None = Field(None, ge=1, le=2**63 - 1)


class FromSelectedIn(InputSchema):
    challenge: str = Field(..., max_length=200)
    source: str = Field("designs.design", max_length=60, description="What was selected, as app_label.model")
    id: int = Field(..., ge=1, le=2**63 - 1)


class MilestoneIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=200)
    planned_on: dt.date = Field(..., ge=dt.date(1900, 1, 1), le=dt.date(2200, 12, 31))
    note: str = Field("", max_length=2000)


class ReachIn(InputSchema):
    reached_on: dt.date | None = Field(None, ge=dt.date(1900, 1, 1), le=dt.date(2200, 12, 31))
    note: str = Field("", max_length=2000)


class StatusIn(InputSchema):
    status: str = Field(..., max_length=20)
    answer: str = Field(..., min_length=1, max_length=5000)


class ProgressIn(InputSchema):
    progress: int | None = Field(None, ge=0, le=100)
    note: str = Field("", max_length=5000)


class UpdateIn(InputSchema):
    body: str = Field(..., min_length=1, max_length=5000)


class BudgetItemIn(InputSchema):
    description: str = Field(..., min_length=1, max_length=300)
    amount: Decimal = Field(..., ge=0, le=MAX_AMOUNT, decimal_places=2)
    kind: Literal["committed", "spent"]
    date: dt.date = Field(..., ge=dt.date(1900, 1, 1), le=dt.date(2200, 12, 31))


class BudgetItemOut(Schema):
    id: int
    description: str
    amount: Decimal
    kind: str
    date: dt.date


def _milestone(m: Milestone) -> dict:
    return {
        "id": m.pk,
        "project": m.project_id,
        "title": m.title,
        "planned_on": m.planned_on,
        "reached_on": m.reached_on,
        "late": m.is_late(),
        "note": m.note,
    }


def _project(p: ImplementationProject) -> dict:
    return {
        "id": p.pk,
        "challenge": p.challenge.slug,
        "title": p.title,
        "description": p.description,
        "status": p.status,
        "progress": queries.progress_of(p),
        "progress_set_by_hand": p.progress is not None,
        "late": queries.is_late(p),
        "district": p.district,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "parent": p.parent_id,
        "currency": p.currency,
        "budget_planned": p.budget_planned,
        "budget_committed": p.budget_committed,
        "budget_spent": p.budget_spent,
        "estimated_cost": p.estimated_cost,
        "url": p.get_absolute_url(),
    }


def _detail(project: ImplementationProject) -> dict:
    return {
        **_project(project),
        "departments": [d.name for d in project.departments.order_by("name")],
        "partners": [o.name for o in project.partners.order_by("name")],
        "milestones": [_milestone(m) for m in queries.milestones_of(project)],
    }


def _fresh(pk: int, user) -> dict:
    return _detail(queries.project_for_page(pk, user))


@router.get("/projects", response=list[ImplementationProjectOut])
@paginate(PageNumberPagination, page_size=50)
def list_projects(request, filters: Query[ImplementationProjectFilters]):
    challenge = challenge_for_page(filters.challenge, request.user)
    return [_project(p) for p in queries.projects_of_challenge(challenge, request.user)]


@router.get("/projects/{int:project_id}", response=ImplementationProjectDetailOut)
def get_project(request, project_id: int):
    return _fresh(project_id, request.user)


@router.get("/projects/{int:project_id}/milestones", response=list[MilestoneOut])
def list_milestones(request, project_id: int):
    return [_milestone(m) for m in queries.milestones_of(queries.project_for_page(project_id, request.user))]


@router.post("/projects", response={201: ImplementationProjectDetailOut}, auth=django_auth)
def start_project(request, payload: ImplementationProjectIn):
    challenge = challenge_for_page(payload.challenge, request.user)
    data = payload.dict()
    data.pop("challenge")
    parent = data.pop("parent")
    if parent is not None:
        parent = queries.project_for_page(parent, request.user)
    project = actions.project_create(actor=request.user, challenge=challenge, parent=parent, **data)
    return Status(201, _fresh(project.pk, request.user))


@router.post("/decisions/{int:decision_id}/projects", response={201: list[ImplementationProjectOut]}, auth=django_auth)
def projects_from_decision(request, decision_id: int):
    """One project for each project the closed decision selected that has none yet (none when all have one)."""
    from cocreate.decisions.views import decision_for_page

    decision = decision_for_page(decision_id, request.user)
    made = actions.projects_from_decision(actor=request.user, decision=decision)
    return Status(201, [_project(queries.project_for_page(p.pk, request.user)) for p in made])


@router.post(
    "/projects/from-selected",
    response={200: ImplementationProjectDetailOut, 201: ImplementationProjectDetailOut},
    auth=django_auth,
)
def project_from_selected(request, payload: FromSelectedIn):
    """The project that carries out a selected design of the challenge: made on the first call (201), the same one
    after (200). A design that is not selected is refused (409), one the challenge does not have is 404."""
    challenge = challenge_for_page(payload.challenge, request.user)
    require_perm(request.user, "delivery.add_implementationproject", challenge)
    item = queries.source_item(challenge, payload.source, payload.id)
    if item is None:
        raise NotInChallenge()
    existed = queries.implementation_of(item) is not None
    project = actions.project_from_selected(actor=request.user, item=item)
    return Status(200 if existed else 201, _fresh(project.pk, request.user))


@router.post("/projects/{int:project_id}/milestones", response={201: MilestoneOut}, auth=django_auth)
def add_milestone(request, project_id: int, payload: MilestoneIn):
    project = queries.project_for_page(project_id, request.user)
    milestone = actions.milestone_add(actor=request.user, project=project, **payload.dict())
    return Status(201, _milestone(milestone))


@router.post("/milestones/{int:milestone_id}/reached", response=MilestoneOut, auth=django_auth)
def reach_milestone(request, milestone_id: int, payload: ReachIn):
    from django.shortcuts import get_object_or_404

    milestone = get_object_or_404(Milestone, pk=milestone_id)
    milestone.project = queries.project_for_page(milestone.project_id, request.user)
    return _milestone(actions.milestone_reach(actor=request.user, milestone=milestone, **payload.dict()))


@router.post("/projects/{int:project_id}/status", response=ImplementationProjectDetailOut, auth=django_auth)
def change_status(request, project_id: int, payload: StatusIn):
    project = queries.project_for_page(project_id, request.user)
    actions.project_set_status(actor=request.user, project=project, status=payload.status, answer=payload.answer)
    return _fresh(project_id, request.user)


@router.post("/projects/{int:project_id}/progress", response=ImplementationProjectDetailOut, auth=django_auth)
def set_progress(request, project_id: int, payload: ProgressIn):
    project = queries.project_for_page(project_id, request.user)
    actions.project_set_progress(actor=request.user, project=project, progress=payload.progress, note=payload.note)
    return _fresh(project_id, request.user)


@router.post("/projects/{int:project_id}/updates", response={201: ImplementationProjectDetailOut}, auth=django_auth)
def post_update(request, project_id: int, payload: UpdateIn):
    project = queries.project_for_page(project_id, request.user)
    actions.update_post(actor=request.user, project=project, body=payload.body)
    return Status(201, _fresh(project_id, request.user))


@router.post("/projects/{int:project_id}/budget-items", response={201: BudgetItemOut}, auth=django_auth)
def add_budget_item(request, project_id: int, payload: BudgetItemIn):
    project = queries.project_for_page(project_id, request.user)
    item = actions.budget_item_add(actor=request.user, project=project, **payload.dict())
    return Status(
        201,
        {"id": item.pk, "description": item.description, "amount": item.amount, "kind": item.kind, "date": item.date},
    )
