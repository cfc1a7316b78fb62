"""Co-delivery tasks in the JSON API (``/api/v1/delivery-tasks``): tasks read by everyone who may see their project;
signing up and cancelling for the signed-in person (session authentication with the CSRF token, as the pages use)."""

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from cocreate.challenges.queries import challenge_for_page
from cocreate.core.api import InputSchema

from . import volunteering, volunteering_queries
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
    url: str


class SignupOut(Schema):
    task: int
    status: str
    waiting_position: int | None
    hours: Decimal | None


class TaskFilters(InputSchema):
    challenge: str = Field(..., max_length=200)


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
