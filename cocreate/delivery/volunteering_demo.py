"""Demo co-delivery tasks, called by the delivery demo: on the first demo project, a planting morning that took place
(two residents attended, with their hours) and a watering evening coming up with a place taken."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import VolunteerTask

VOLUNTEERS = ("citizen@example.org", "partner@cycling.example.org")


def seed_tasks(context, project, admin) -> None:
    from . import volunteering

    if VolunteerTask.objects.filter(project=project).exists():
        return
    people = list(get_user_model().objects.filter(email__in=VOLUNTEERS).order_by("email"))
    if not people:
        return
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    soon = now + dt.timedelta(days=1)
    past = volunteering.task_create(
        actor=admin,
        project=project,
        title="Planting morning",
        description="Plant the first trees with the parks team. Gloves and tools are provided.",
        starts_at=soon,
        ends_at=soon + dt.timedelta(hours=3),
        place="Market square, by the fountain",
        capacity=10,
        skills=["digging", "carrying"],
    )
    for person in people:
        volunteering.task_signup(actor=person, task=past)
    # It took place a week ago: moved back in time once everyone had signed up, then checked in.
    VolunteerTask.objects.filter(pk=past.pk).update(
        starts_at=now - dt.timedelta(days=7), ends_at=now - dt.timedelta(days=7, hours=-3)
    )
    for person, hours in zip(people, (Decimal(3), Decimal("2.5")), strict=False):
        signup = past.signups.get(person=person)
        volunteering.task_check_in(actor=admin, signup=signup, attended=True, hours=hours)
    upcoming_start = now + dt.timedelta(days=10, hours=8)
    upcoming = volunteering.task_create(
        actor=admin,
        project=project,
        title="Watering evening",
        description="Water the young trees after a dry week.",
        starts_at=upcoming_start,
        ends_at=upcoming_start + dt.timedelta(hours=2),
        place="Market square",
        capacity=6,
        skills=["watering"],
    )
    volunteering.task_signup(actor=people[0], task=upcoming)
    context.say(f"Created 2 demo co-delivery tasks on “{project.title}” ({len(people)} volunteers with hours).")
