"""Reads of co-delivery tasks: the tasks a person may see (of a project, of a challenge, for the calendar feed), one
person's sign-up and place on the waiting list, the hours they gave, the reminders due, and their personal data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cocreate.core.errors import NotFound

from .models import TaskSignup, VolunteerTask
from .queries import visible_projects

ACTIVE = (TaskSignup.Status.SIGNED_UP, TaskSignup.Status.WAITING)
FEED_LIMIT = 10_000


def visible_tasks(user) -> QuerySet[VolunteerTask]:
    """Tasks of the projects the person may see."""
    return VolunteerTask.objects.filter(project__in=visible_projects(user)).select_related("project")


def tasks_of_project(project, *, upcoming_only: bool = True) -> list[VolunteerTask]:
    """The project's tasks (the caller has checked the project may be seen), those not over yet by default."""
    tasks = project.volunteer_tasks.order_by("starts_at", "pk")
    if upcoming_only:
        tasks = tasks.filter(ends_at__gt=timezone.now())
    return list(tasks)


def tasks_of_challenge(challenge, user) -> list[VolunteerTask]:
    """The challenge's tasks not over yet, on every project the person may see: "Help deliver it"."""
    return list(
        visible_tasks(user).filter(project__challenge=challenge, ends_at__gt=timezone.now()).order_by("starts_at", "pk")
    )


def task_for_page(pk: int, user) -> VolunteerTask:
    """The one way to fetch a task for a person: 404 when it does not exist or they may not see it."""
    task = get_object_or_404(VolunteerTask.objects.select_related("project__challenge", "organiser"), pk=pk)
    if not user.has_perm("delivery.view_volunteertask", task):
        raise NotFound()
    return task


def signup_of(task: VolunteerTask, user) -> TaskSignup | None:
    """The person's sign-up for the task that still counts (signed up, waiting, attended or not), else None."""
    if not user.is_authenticated:
        return None
    return task.signups.filter(person=user).exclude(status=TaskSignup.Status.CANCELLED).first()


def waiting_count(task: VolunteerTask) -> int:
    return task.signups.filter(status=TaskSignup.Status.WAITING).count()


def check_in_list(task: VolunteerTask) -> list[TaskSignup]:
    """Everyone with a place (checked in or not), by name."""
    return list(
        task.signups.filter(
            status__in=[TaskSignup.Status.SIGNED_UP, TaskSignup.Status.ATTENDED, TaskSignup.Status.NO_SHOW]
        )
        .select_related("person")
        .order_by("person__display_name", "pk")
    )


def my_signups(user) -> list[TaskSignup]:
    """Every sign-up of the person but those cancelled, the latest task first."""
    return list(
        TaskSignup.objects.filter(person=user)
        .exclude(status=TaskSignup.Status.CANCELLED)
        .select_related("task__project")
        .order_by("-task__starts_at", "-pk")
    )


def hours_given(user) -> Decimal:
    total = TaskSignup.objects.filter(person=user, status=TaskSignup.Status.ATTENDED).aggregate(h=Sum("hours"))["h"]
    return (total or Decimal(0)).quantize(Decimal("0.01"))


def reminders_due(now: dt.datetime | None = None) -> QuerySet[TaskSignup]:
    """Sign-ups for tasks that start within the next day and whose person has not been reminded."""
    now = now or timezone.now()
    return TaskSignup.objects.filter(
        status=TaskSignup.Status.SIGNED_UP,
        reminded_at=None,
        task__starts_at__gt=now,
        task__starts_at__lte=now + dt.timedelta(days=1),
    ).select_related("task")


def feed_tasks(user, *, challenge=None) -> QuerySet[VolunteerTask]:
    tasks = visible_tasks(user).select_related("project")
    if challenge is not None:
        tasks = tasks.filter(project__challenge=challenge)
    return tasks.order_by("starts_at", "pk")


PERSONAL_DATA_COVERS = ("delivery.TaskSignup.person", "delivery.VolunteerTask.organiser")


def personal_data(user) -> dict:
    """The person's sign-ups with what was recorded of them (status, hours), and the tasks they organised."""
    return {
        "signups": [
            {
                "task": s.task_id,
                "title": s.task.title,
                "starts_at": s.task.starts_at.isoformat(),
                "status": s.status,
                "waiting_position": s.waiting_position,
                "hours": None if s.hours is None else str(s.hours),
                "checked_in_at": s.checked_in_at.isoformat() if s.checked_in_at else None,
                "reminded_at": s.reminded_at.isoformat() if s.reminded_at else None,
                "signed_up_at": s.created_at.isoformat(),
            }
            for s in TaskSignup.objects.filter(person=user).select_related("task").order_by("pk")
        ],
        "hours_given": str(hours_given(user)),
        "tasks_organised": [
            {"id": t.pk, "title": t.title, "starts_at": t.starts_at.isoformat()}
            for t in VolunteerTask.objects.filter(organiser=user).order_by("pk")
        ],
    }


def participants_of_projects(items) -> set[int]:
    """For the lineage's notifications: who volunteered for the implementation projects among ``items`` (not those
    who cancelled), and who voted for them where they came of a decision."""
    from cocreate.decisions.results_queries import voters_of

    from .models import ImplementationProject, TaskSignup

    projects = [item for item in items if isinstance(item, ImplementationProject)]
    if not projects:
        return set()
    people = set(
        TaskSignup.objects.filter(task__project__in=projects)
        .exclude(status=TaskSignup.Status.CANCELLED)
        .values_list("person_id", flat=True)
    )
    ballot_projects = [project.decision_project for project in projects if project.decision_project_id]
    people.update(voters_of(ballot_projects))
    return people
