"""Co-delivery tasks in the JSON API (``/api/v1/delivery-tasks``): tasks read by everyone who may see their project;
signing up and cancelling for the signed-in person; offering, changing, cancelling, deleting tasks and checking people
in for the project's officials (session authentication with the CSRF token, as the pages use)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth
from pydantic import AwareDatetime

from cocreate.challenges.queries import challenge_for_page
from cocreate.core.api import InputSchema
from cocreate.core.permissions import require_perm

from . import queries, volunteering, volunteering_queries
from .models import TaskSignup, VolunteerTask

router = Router()


class TaskOut(Schema):
    id: int
    project: int
    challenge: str
    title: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    latitude: Decimal | None
    longitude: Decimal | None
    capacity: int
    places_left: int
    skills: list[str]
    cancelled: bool
    cancel_reason: str
    url: str


class SignupOut(Schema):
    task: int
    status: str
    waiting_position: int | None
    hours: Decimal | None


class TaskFilters(InputSchema):
    challenge: str = Field(..., max_length=200)


EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2200, 12, 31, tzinfo=dt.UTC)
Skill = Annotated[str, Field(min_length=1, max_length=60)]
NOT_BLANK = r"^\s*\S[\s\S]*$"  # some text, not only spaces


class TaskIn(InputSchema):
    """A task to offer; times carry their offset (``2027-05-01T09:00:00+02:00``)."""

    title: str = Field(..., min_length=1, pattern=NOT_BLANK, max_length=200)
    description: str = Field(..., min_length=1, pattern=NOT_BLANK, max_length=5000)
    starts_at: AwareDatetime = Field(..., ge=EARLIEST, le=LATEST)
    ends_at: AwareDatetime = Field(..., ge=EARLIEST, le=LATEST)
    place: str = Field(..., min_length=1, pattern=NOT_BLANK, max_length=300)
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    capacity: int = Field(..., ge=1, le=10_000)
    skills: list[Skill] = Field([], max_length=12)


class TaskChangeIn(InputSchema):
    """What changes; the fields left out stay as they are (``null`` only clears the location)."""

    title: str = Field(None, min_length=1, pattern=NOT_BLANK, max_length=200)
    description: str = Field(None, min_length=1, pattern=NOT_BLANK, max_length=5000)
    starts_at: AwareDatetime = Field(None, ge=EARLIEST, le=LATEST)
    ends_at: AwareDatetime = Field(None, ge=EARLIEST, le=LATEST)
    place: str = Field(None, min_length=1, pattern=NOT_BLANK, max_length=300)
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    capacity: int = Field(None, ge=1, le=10_000)
    skills: list[Skill] = Field(None, max_length=12)


class CancelTaskIn(InputSchema):
    reason: str = Field("", max_length=2000)


class CheckInIn(InputSchema):
    signup: int = Field(..., ge=1, le=2**63 - 1)
    attended: bool
    hours: Decimal | None = Field(None, ge=0, le=24, max_digits=4, decimal_places=2)


class CheckInOut(SignupOut):
    id: int
    person: str


def _task(task: VolunteerTask) -> dict:
    return {
        "id": task.pk,
        "project": task.project_id,
        "challenge": task.project.challenge.slug,
        "title": task.title,
        "description": task.description,
        "starts_at": task.starts_at,
        "ends_at": task.ends_at,
        "place": task.place,
        "latitude": task.latitude,
        "longitude": task.longitude,
        "capacity": task.capacity,
        "places_left": task.places_left,
        "skills": list(task.skills),
        "cancelled": task.is_cancelled,
        "cancel_reason": task.cancel_reason,
        "url": task.get_absolute_url(),
    }


def _signup(signup: TaskSignup) -> dict:
    return {
        "task": signup.task_id,
        "status": signup.status,
        "waiting_position": signup.waiting_position,
        "hours": signup.hours,
    }


@router.get("/tasks", response=list[TaskOut])
@paginate(PageNumberPagination, page_size=50)
def list_tasks(request, filters: Query[TaskFilters]):
    """The challenge's tasks that are not over yet, the soonest first."""
    challenge = challenge_for_page(filters.challenge, request.user)
    return [_task(t) for t in volunteering_queries.tasks_of_challenge(challenge, request.user)]


@router.get("/tasks/{int:task_id}", response=TaskOut)
def get_task(request, task_id: int):
    return _task(volunteering_queries.task_for_page(task_id, request.user))


@router.post("/tasks/{int:task_id}/signup", response={201: SignupOut}, auth=django_auth)
def sign_up(request, task_id: int):
    """A place if one is left, else the end of the waiting list (``status`` and ``waiting_position`` say which)."""
    task = volunteering_queries.task_for_page(task_id, request.user)
    return Status(201, _signup(volunteering.task_signup(actor=request.user, task=task)))


@router.post("/tasks/{int:task_id}/cancel", response=SignupOut, auth=django_auth)
def cancel(request, task_id: int):
    """Leave the task or its waiting list; a freed place goes to the first person waiting."""
    task = volunteering_queries.task_for_page(task_id, request.user)
    return _signup(volunteering.task_signup_cancel(actor=request.user, task=task))


# --- Officials -------------------------------------------------------------------------------------------------------


@router.post("/projects/{int:project_id}/tasks", response={201: TaskOut}, auth=django_auth)
def offer_task(request, project_id: int, payload: TaskIn):
    """An official of the project offers a task; they are its organiser."""
    project = queries.project_for_page(project_id, request.user)
    task = volunteering.task_create(actor=request.user, project=project, **payload.dict())
    return Status(201, _task(volunteering_queries.task_for_page(task.pk, request.user)))


@router.patch("/tasks/{int:task_id}", response=TaskOut, auth=django_auth)
def change_task(request, task_id: int, payload: TaskChangeIn):
    """An official changes the task; a new time or place is told to everyone signed up or waiting, once. The places
    never go below the people who have one (409); places added go to the waiting list in order."""
    task = volunteering_queries.task_for_page(task_id, request.user)
    volunteering.task_change(actor=request.user, task=task, **payload.dict(exclude_unset=True))
    return _task(volunteering_queries.task_for_page(task_id, request.user))


@router.post("/tasks/{int:task_id}/call-off", response=TaskOut, auth=django_auth)
def call_off_task(request, task_id: int, payload: CancelTaskIn):
    """An official cancels the task: everyone signed up or waiting is freed and told; hours recorded are kept."""
    task = volunteering_queries.task_for_page(task_id, request.user)
    volunteering.task_cancel(actor=request.user, task=task, reason=payload.reason)
    return _task(volunteering_queries.task_for_page(task_id, request.user))


@router.delete("/tasks/{int:task_id}", response={204: None}, auth=django_auth)
def delete_task(request, task_id: int):
    """An official deletes a task offered by mistake; refused (409) once anyone signed up: cancel it instead."""
    task = volunteering_queries.task_for_page(task_id, request.user)
    volunteering.task_delete(actor=request.user, task=task)
    return Status(204, None)


def _check_in_row(signup: TaskSignup) -> dict:
    return {**_signup(signup), "id": signup.pk, "person": signup.person.public_name}


@router.get("/tasks/{int:task_id}/check-in", response=list[CheckInOut], auth=django_auth)
def check_in_list(request, task_id: int):
    """For the organiser (or an official of the project): everyone with a place, with what was recorded."""
    task = volunteering_queries.task_for_page(task_id, request.user)
    require_perm(request.user, "delivery.checkin_volunteertask", task)
    return [_check_in_row(s) for s in volunteering_queries.check_in_list(task)]


@router.post("/tasks/{int:task_id}/check-in", response=CheckInOut, auth=django_auth)
def check_in(request, task_id: int, payload: CheckInIn):
    """The organiser (or an official of the project) records whether a person with a place came, and the hours they
    gave; from an hour before the start until 30 days after the end (409 outside)."""
    task = volunteering_queries.task_for_page(task_id, request.user)
    signup = get_object_or_404(TaskSignup.objects.select_related("task", "person"), pk=payload.signup, task=task)
    signup = volunteering.task_check_in(
        actor=request.user, signup=signup, attended=payload.attended, hours=payload.hours
    )
    return _check_in_row(signup)
