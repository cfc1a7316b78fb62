"""Every write of co-delivery tasks: officials offer tasks on an implementation project (planting, painting, a clean-up
day…), residents sign up — or join the waiting list once the places are taken — and cancel, and the organiser checks
people in with the hours they gave. One transaction each, with its activity entry (on the project) and the
notifications queued on commit.

Places are never given twice: sign-up and cancellation lock the task's row (``select_for_update``) before they count,
and the stored count is also held below the capacity by a database constraint.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import ngettext

from cocreate.activity.actions import activity_record
from cocreate.core.permissions import require_perm
from cocreate.engagement.actions import notify

from .models import ImplementationProject, TaskSignup, VolunteerTask
from .volunteering_errors import (
    AlreadySignedUp,
    CapacityBelowSignedUp,
    CheckInClosed,
    CheckInNotOpen,
    CheckInNotYet,
    HoursInvalid,
    NotSignedUp,
    OrganiserNotOfficial,
    TaskCancelled,
    TaskHasVolunteers,
    TaskLocationIncomplete,
    TaskOver,
    TaskStarted,
    TaskTimesInvalid,
)
from .volunteering_queries import CHECK_IN_CLOSES_AFTER, CHECK_IN_OPENS_BEFORE

ACTIVE = (TaskSignup.Status.SIGNED_UP, TaskSignup.Status.WAITING)
CHECKED = (TaskSignup.Status.SIGNED_UP, TaskSignup.Status.ATTENDED, TaskSignup.Status.NO_SHOW)
# What an official may change on a task (``task_change``); a change of the first three is told to the volunteers.
TOLD_FIELDS = ("starts_at", "ends_at", "place")
CHANGEABLE = ("title", "description", *TOLD_FIELDS, "latitude", "longitude", "capacity", "skills")


def _record(actor, verb: str, task: VolunteerTask, data: dict | None = None) -> None:
    activity_record(actor=actor, verb=verb, target=task.project, data={"task": task.pk, **(data or {})})


def _clean_skills(skills) -> list[str]:
    seen = []
    for skill in skills:
        skill = str(skill).strip()[:60]
        if skill and skill not in seen:
            seen.append(skill)
    return seen[:12]


@transaction.atomic
def task_create(
    *,
    actor,
    project: ImplementationProject,
    title: str,
    description: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    capacity: int,
    skills=(),
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    organiser=None,
) -> VolunteerTask:
    """A task on the project, offered by one of its officials; ``organiser`` (another official of the project,
    the actor by default) checks people in."""
    require_perm(actor, "delivery.add_volunteertask", project)
    organiser = organiser or actor
    if not organiser.has_perm("delivery.change_implementationproject", project):
        raise OrganiserNotOfficial()
    if ends_at <= starts_at or starts_at <= timezone.now():
        raise TaskTimesInvalid()
    if (latitude is None) != (longitude is None):
        raise TaskLocationIncomplete()
    task = VolunteerTask.objects.create(
        project=project,
        title=title.strip(),
        description=description.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        latitude=latitude,
        longitude=longitude,
        capacity=capacity,
        skills=_clean_skills(skills),
        organiser=organiser,
    )
    _record(actor, "delivery.task_created", task)
    return task


def _locked(task: VolunteerTask) -> VolunteerTask:
    """The task's row, locked until the transaction ends: sign-ups and cancellations of one task queue here."""
    return VolunteerTask.objects.select_for_update().select_related("project").get(pk=task.pk)


@transaction.atomic
def task_signup(*, actor, task: VolunteerTask) -> TaskSignup:
    """A place if one is left, else the end of the waiting list. Signing up again after cancelling is allowed."""
    require_perm(actor, "delivery.signup_volunteertask", task)
    task = _locked(task)
    if task.is_cancelled:
        raise TaskCancelled()
    if task.starts_at <= timezone.now():
        raise TaskStarted()
    signup = TaskSignup.objects.filter(task=task, person=actor).first()
    if signup is not None and signup.status != TaskSignup.Status.CANCELLED:
        raise AlreadySignedUp()
    signup = signup or TaskSignup(task=task, person=actor)
    if task.signed_up_count < task.capacity:
        signup.status, signup.waiting_position = TaskSignup.Status.SIGNED_UP, None
        VolunteerTask.objects.filter(pk=task.pk).update(signed_up_count=F("signed_up_count") + 1)
    else:
        last = task.signups.filter(status=TaskSignup.Status.WAITING).aggregate(n=Max("waiting_position"))["n"]
        signup.status, signup.waiting_position = TaskSignup.Status.WAITING, (last or 0) + 1
    signup.reminded_at = None
    signup.updated_at = timezone.now()
    signup.save()
    _record(actor, "delivery.task_signed_up", task, data={"status": signup.status})
    return signup


def _vacate(task: VolunteerTask, signup: TaskSignup) -> None:
    """The sign-up is cancelled (the task's row is locked): a place it held goes to the first person waiting, who
    hears; everyone behind on the waiting list moves up one."""
    was, position = signup.status, signup.waiting_position
    signup.status, signup.waiting_position, signup.updated_at = TaskSignup.Status.CANCELLED, None, timezone.now()
    signup.save(update_fields=["status", "waiting_position", "updated_at"])
    waiting = task.signups.filter(status=TaskSignup.Status.WAITING)
    if was == TaskSignup.Status.WAITING:
        waiting.filter(waiting_position__gt=position).update(waiting_position=F("waiting_position") - 1)
    else:
        VolunteerTask.objects.filter(pk=task.pk).update(signed_up_count=F("signed_up_count") - 1)
        _promote(task, places=1)


def _promote(task: VolunteerTask, *, places: int) -> int:
    """Up to ``places`` free places (the task's row is locked, its capacity already stored) go to the first people
    waiting, in order, each of whom hears; everyone behind moves up as many. Returns how many moved up."""
    waiting = task.signups.filter(status=TaskSignup.Status.WAITING)
    first = list(waiting.order_by("waiting_position", "pk")[: max(places, 0)])
    if not first:
        return 0
    now = timezone.now()
    TaskSignup.objects.filter(pk__in=[s.pk for s in first]).update(
        status=TaskSignup.Status.SIGNED_UP, waiting_position=None, updated_at=now
    )
    VolunteerTask.objects.filter(pk=task.pk).update(signed_up_count=F("signed_up_count") + len(first))
    waiting.exclude(pk__in=[s.pk for s in first]).update(waiting_position=F("waiting_position") - len(first))
    for _moved in first:
        _record(None, "delivery.task_moved_up", task)
    notify(
        recipients=[s.person_id for s in first],
        actor=None,
        verb="delivery.task_place_freed",
        target=task,
        text=task.title,
    )
    return len(first)


@transaction.atomic
def task_signup_cancel(*, actor, task: VolunteerTask) -> TaskSignup:
    """The person leaves the task (or its waiting list). A place freed goes to the first person waiting, who hears."""
    task = _locked(task)
    signup = TaskSignup.objects.select_for_update().filter(task=task, person=actor, status__in=ACTIVE).first()
    if signup is None:
        raise NotSignedUp()
    if task.starts_at <= timezone.now():
        raise TaskStarted()
    _vacate(task, signup)
    _record(actor, "delivery.task_signup_cancelled", task)
    return signup


@transaction.atomic
def task_check_in(*, actor, signup: TaskSignup, attended: bool, hours: Decimal | None = None) -> TaskSignup:
    """The organiser records whether the person came and, if so, the hours they gave (0–24; the task's own length
    when not given). Can be corrected later."""
    task = signup.task
    require_perm(actor, "delivery.checkin_volunteertask", task)
    signup = TaskSignup.objects.select_for_update().get(pk=signup.pk)
    task = VolunteerTask.objects.get(pk=task.pk)  # its times as stored now
    check_in_window_check(task)
    if signup.status not in CHECKED:
        raise CheckInNotOpen()
    if not attended:
        hours = None
    elif hours is None:
        hours = Decimal(round((task.ends_at - task.starts_at).total_seconds() / 3600, 2)).quantize(Decimal("0.01"))
        hours = min(hours, Decimal(24))
    elif not Decimal(0) <= hours <= Decimal(24):
        raise HoursInvalid()
    else:
        hours = hours.quantize(Decimal("0.01"))  # as stored
    signup.status = TaskSignup.Status.ATTENDED if attended else TaskSignup.Status.NO_SHOW
    signup.hours = hours
    signup.checked_in_at = signup.checked_in_at or timezone.now()
    signup.updated_at = timezone.now()
    signup.save(update_fields=["status", "hours", "checked_in_at", "updated_at"])
    _record(actor, "delivery.task_checked_in", task, data={"status": signup.status})
    return signup


def check_in_opens_at(task: VolunteerTask) -> dt.datetime:
    return task.starts_at - CHECK_IN_OPENS_BEFORE


def check_in_closes_at(task: VolunteerTask) -> dt.datetime:
    return task.ends_at + CHECK_IN_CLOSES_AFTER


def check_in_state(task: VolunteerTask, now: dt.datetime | None = None) -> str:
    """ "not_yet", "open" or "closed": whether the organiser may check people in now."""
    now = now or timezone.now()
    if now < check_in_opens_at(task):
        return "not_yet"
    return "closed" if task.is_cancelled or now > check_in_closes_at(task) else "open"


def check_in_window_check(task: VolunteerTask, now: dt.datetime | None = None) -> None:
    """Refuses a check-in outside its window: before an hour ahead of the start, after 30 days past the end, or on a
    cancelled task."""
    now = now or timezone.now()
    if task.is_cancelled:
        raise TaskCancelled()
    if now < check_in_opens_at(task):
        raise CheckInNotYet()
    if now > check_in_closes_at(task):
        raise CheckInClosed()


# --- Officials change, cancel and delete tasks -----------------------------------------------------------------------


@transaction.atomic
def task_change(*, actor, task: VolunteerTask, **fields) -> VolunteerTask:
    """An official of the project corrects the task (any of ``CHANGEABLE``). New times must lie ahead; the places
    never go below the people who have one (nobody loses their place without hearing of it: refused instead), and
    places added go to the waiting list in order. When the time or the place changes, everyone signed up or waiting
    hears once, and is reminded again the day before."""
    require_perm(actor, "delivery.change_volunteertask", task)
    unknown = set(fields) - set(CHANGEABLE)
    if unknown:
        raise TypeError(f"task_change() cannot change {sorted(unknown)}")
    task = _locked(task)
    if task.is_cancelled:
        raise TaskCancelled()
    before = {name: getattr(task, name) for name in CHANGEABLE}
    for name, value in fields.items():
        if name == "skills":
            value = _clean_skills(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(task, name, value)
    times_changed = (task.starts_at, task.ends_at) != (before["starts_at"], before["ends_at"])
    if task.ends_at <= task.starts_at or (times_changed and task.starts_at <= timezone.now()):
        raise TaskTimesInvalid()
    if (task.latitude is None) != (task.longitude is None):
        raise TaskLocationIncomplete()
    if task.capacity < task.signed_up_count:
        raise CapacityBelowSignedUp(
            ngettext(
                "%(count)d person has a place already: give at least %(count)d place, or cancel the task.",
                "%(count)d people have a place already: give at least %(count)d places, or cancel the task.",
                task.signed_up_count,
            )
            % {"count": task.signed_up_count}
        )
    changed = [name for name in CHANGEABLE if getattr(task, name) != before[name]]
    if not changed:
        return task
    task.save(update_fields=changed)
    if task.capacity > before["capacity"]:
        _promote(task, places=task.capacity - task.signed_up_count)
    told = [name for name in TOLD_FIELDS if name in changed]
    if told:
        people = list(task.signups.filter(status__in=ACTIVE).values_list("person_id", flat=True))
        if "starts_at" in told:
            task.signups.filter(status__in=ACTIVE).update(reminded_at=None)
        when = timezone.localtime(task.starts_at).strftime("%Y-%m-%d %H:%M")
        notify(
            recipients=people,
            actor=actor,
            verb="delivery.task_changed",
            target=task,
            text=f"{when} — {task.place}"[:300],
        )
    _record(actor, "delivery.task_edited", task, data={"fields": changed})
    task.refresh_from_db()
    return task


@transaction.atomic
def task_cancel(*, actor, task: VolunteerTask, reason: str = "") -> VolunteerTask:
    """An official calls the task off: everyone signed up or waiting is freed and hears once, with the reason; the
    people already checked in keep their record and hours. The task stays, marked cancelled."""
    require_perm(actor, "delivery.change_volunteertask", task)
    task = _locked(task)
    if task.is_cancelled:
        raise TaskCancelled()
    if task.ends_at <= timezone.now():
        raise TaskOver()
    people = list(task.signups.filter(status__in=ACTIVE).values_list("person_id", flat=True))
    now = timezone.now()
    task.signups.filter(status__in=ACTIVE).update(
        status=TaskSignup.Status.CANCELLED, waiting_position=None, updated_at=now
    )
    task.cancelled_at, task.cancel_reason, task.signed_up_count = now, reason.strip(), 0
    task.save(update_fields=["cancelled_at", "cancel_reason", "signed_up_count"])
    notify(
        recipients=people,
        actor=actor,
        verb="delivery.task_cancelled",
        target=task,
        text=(f"{task.title} — {task.cancel_reason}" if task.cancel_reason else task.title)[:300],
    )
    _record(actor, "delivery.task_cancelled", task, data={"freed": len(people)})
    return task


@transaction.atomic
def task_delete(*, actor, task: VolunteerTask) -> None:
    """An official removes a task offered by mistake. Only while nobody holds a place, waits or was checked in, and
    the task was not cancelled (the people told of a cancellation can still open it): otherwise it is refused, and
    the official cancels it instead, which keeps the hours given."""
    require_perm(actor, "delivery.delete_volunteertask", task)
    task = _locked(task)
    if task.is_cancelled or task.signups.exclude(status=TaskSignup.Status.CANCELLED).exists():
        raise TaskHasVolunteers()
    _record(actor, "delivery.task_deleted", task, data={"title": task.title})
    task.delete()


# --- Reminders (volunteering_tasks.py) -------------------------------------------------------------------------------


def remind_signup(signup: TaskSignup) -> bool:
    """Tell the person of tomorrow's task, once: the first to set ``reminded_at`` sends it."""
    with transaction.atomic():
        if not TaskSignup.objects.filter(pk=signup.pk, status=TaskSignup.Status.SIGNED_UP, reminded_at=None).update(
            reminded_at=timezone.now()
        ):
            return False
        notify(
            recipients=[signup.person_id],
            actor=None,
            verb="delivery.task_reminder",
            target=signup.task,
            text=f"{signup.task.title} — {signup.task.place}"[:300],
        )
    return True


# --- Personal data ---------------------------------------------------------------------------------------------------


@transaction.atomic
def erase_person(user, *, emails) -> None:
    """An erased person's sign-ups go: a place they held on a task not over yet goes to the first person waiting, as
    when they cancel. Tasks they organised stay, without their name."""
    active = TaskSignup.objects.filter(person=user, status__in=ACTIVE, task__ends_at__gt=timezone.now())
    for signup in active.select_related("task"):
        _vacate(_locked(signup.task), signup)
    TaskSignup.objects.filter(person=user).delete()
    VolunteerTask.objects.filter(organiser=user).update(organiser=None)


# --- Registration (called once from apps.py) -------------------------------------------------------------------------


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from cocreate.accounts.registry import register_erasure, register_personal_data
    from cocreate.activity.verbs import register_verbs
    from cocreate.core.registry import register_daily_task

    from . import volunteering_queries
    from .volunteering_tasks import remind_volunteers

    register_verbs(
        {
            "delivery.task_created": _("offered a co-delivery task on an implementation project"),
            "delivery.task_signed_up": _("signed up for a co-delivery task"),
            "delivery.task_signup_cancelled": _("cancelled a sign-up for a co-delivery task"),
            "delivery.task_moved_up": _("moved someone up from the waiting list of a co-delivery task"),
            "delivery.task_checked_in": _("checked in a volunteer of a co-delivery task"),
            "delivery.task_place_freed": _("a place on a co-delivery task became free for you"),
            "delivery.task_reminder": _("a co-delivery task you signed up for starts soon"),
            "delivery.task_edited": _("changed a co-delivery task"),
            "delivery.task_changed": _("changed the time or place of a co-delivery task you signed up for"),
            "delivery.task_cancelled": _("cancelled a co-delivery task"),
            "delivery.task_deleted": _("deleted a co-delivery task"),
        }
    )
    register_personal_data(
        "delivery_tasks", volunteering_queries.personal_data, covers=volunteering_queries.PERSONAL_DATA_COVERS
    )
    register_erasure(erase_person, covers=volunteering_queries.PERSONAL_DATA_COVERS)
    register_daily_task(remind_volunteers)
