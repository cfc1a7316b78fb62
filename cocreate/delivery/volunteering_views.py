"""Pages of co-delivery tasks: "Help deliver it" for a challenge, a task's page with sign-up and cancellation, the
organiser's check-in list, the form officials offer a task with, "My volunteering", and the tasks' calendar feed.
Every form works as a plain post."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.challenges.queries import challenge_for_page
from cocreate.core.errors import NotPermitted
from cocreate.core.forms import refusals_shown_on
from cocreate.core.http import render_form
from cocreate.core.ical import fold_ics_line, ics_text
from cocreate.core.inputs import parse_int

from . import queries, volunteering, volunteering_queries
from .errors import NotADeliveryStage
from .models import TaskSignup
from .volunteering_errors import TaskCancelled
from .volunteering_forms import CancelTaskForm, CheckInForm, TaskForm


def for_challenge(request, slug: str):
    """Help deliver it: every task of the challenge's projects that is not over yet."""
    challenge = challenge_for_page(slug, request.user)
    if queries.delivery_stage(challenge) is None:
        raise NotADeliveryStage()
    tasks = volunteering_queries.tasks_of_challenge(challenge, request.user)
    return render(request, "delivery/volunteering/for_challenge.html", {"challenge": challenge, "tasks": tasks})


def task_detail(request, pk: int):
    task = volunteering_queries.task_for_page(pk, request.user)
    signup = volunteering_queries.signup_of(task, request.user)
    return render(
        request,
        "delivery/volunteering/detail.html",
        {
            "task": task,
            "project": task.project,
            "challenge": task.project.challenge,
            "signup": signup,
            "waiting": volunteering_queries.waiting_count(task),
            "started": task.starts_at <= timezone.now(),
            "can_sign_up": request.user.has_perm("delivery.signup_volunteertask", task),
            "can_check_in": request.user.has_perm("delivery.checkin_volunteertask", task),
            "check_in": volunteering.check_in_state(task),
            "check_in_opens_at": volunteering.check_in_opens_at(task),
            "can_change": request.user.has_perm("delivery.change_volunteertask", task),
        },
    )


@login_required
@require_POST
def signup(request, pk: int):
    task = volunteering_queries.task_for_page(pk, request.user)
    made = volunteering.task_signup(actor=request.user, task=task)
    if made.status == TaskSignup.Status.WAITING:
        messages.success(
            request,
            _("The task is full: you are number %(position)s on the waiting list. You will hear if a place frees up.")
            % {"position": made.waiting_position},
        )
    else:
        messages.success(request, _("You are signed up. We will remind you the day before."))
    return redirect(task)


@login_required
@require_POST
def cancel(request, pk: int):
    task = volunteering_queries.task_for_page(pk, request.user)
    volunteering.task_signup_cancel(actor=request.user, task=task)
    messages.success(request, _("Your sign-up is cancelled."))
    return redirect(task)


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request, pk: int):
    project = queries.project_for_page(pk, request.user)
    if not request.user.has_perm("delivery.add_volunteertask", project):
        raise NotPermitted()
    form = TaskForm(request.POST or None, auto_id="task-%s")
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            task = volunteering.task_create(actor=request.user, project=project, **form.cleaned_data)
            messages.success(request, _("The task is offered: residents can sign up now."))
            return redirect(task)
    context = {
        "project": project,
        "form": form,
        "title": _("Offer a task for volunteers"),
        "action": reverse("delivery:task_create", args=[project.pk]),
        "submit": _("Offer the task"),
        "multipart": False,
    }
    return render_form(request, "delivery/form.html", context, form=form)


def _task_managed(request, pk: int, perm: str = "delivery.change_volunteertask"):
    task = volunteering_queries.task_for_page(pk, request.user)
    if not request.user.has_perm(perm, task):
        raise NotPermitted()
    return task


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, pk: int):
    """Officials correct a task; a change of time or place is told to the people signed up and waiting."""
    task = _task_managed(request, pk)
    if task.is_cancelled:
        raise TaskCancelled()
    initial = {name: getattr(task, name) for name in volunteering.CHANGEABLE}
    initial["skills"] = ", ".join(task.skills)
    form = TaskForm(request.POST or None, initial=initial, auto_id="task-%s")
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        for name in ("starts_at", "ends_at"):  # the form shows minutes: a time sent back unchanged is not a change
            if changes[name] == getattr(task, name).replace(second=0, microsecond=0):
                del changes[name]
        with refusals_shown_on(form):
            volunteering.task_change(actor=request.user, task=task, **changes)
            messages.success(request, _("The task was saved. A new time or place is told to everyone signed up."))
            return redirect(task)
    context = {
        "project": task.project,
        "form": form,
        "title": _("Change the task"),
        "action": reverse("delivery:task_edit", args=[task.pk]),
        "submit": _("Save the task"),
        "multipart": False,
    }
    return render_form(request, "delivery/form.html", context, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def task_cancel(request, pk: int):
    """Officials call a task off (asked to confirm, with a reason told to the volunteers)."""
    task = _task_managed(request, pk)
    form = CancelTaskForm(request.POST or None, auto_id="cancel-%s")
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            volunteering.task_cancel(actor=request.user, task=task, **form.cleaned_data)
            messages.success(request, _("The task is cancelled; everyone signed up or waiting was told."))
            return redirect(task)
    context = {
        "project": task.project,
        "form": form,
        "title": _("Cancel the task “%(title)s”") % {"title": task.title},
        "action": reverse("delivery:task_call_off", args=[task.pk]),
        "submit": _("Cancel the task"),
        "multipart": False,
    }
    return render_form(request, "delivery/form.html", context, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def task_delete(request, pk: int):
    """Officials remove a task offered by mistake, nobody having signed up (asked to confirm)."""
    task = _task_managed(request, pk, "delivery.delete_volunteertask")
    if request.method == "POST":
        project = task.project
        volunteering.task_delete(actor=request.user, task=task)
        messages.success(request, _("The task was deleted."))
        return redirect(project)
    return render(request, "delivery/volunteering/delete.html", {"task": task, "project": task.project})


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk: int):
    """The organiser's list: for each person with a place, attended or not, and the hours. One form per person."""
    task = volunteering_queries.task_for_page(pk, request.user)
    if not request.user.has_perm("delivery.checkin_volunteertask", task):
        raise NotPermitted()
    refused = None
    if request.method == "POST":
        volunteering.check_in_window_check(task)  # before the window (or long after): 409, nothing recorded
        signup = get_object_or_404(TaskSignup, pk=parse_int(request.POST.get("signup", "")) or 0, task=task)
        form = CheckInForm(request.POST, prefix=f"s{signup.pk}")
        if form.is_valid():
            with refusals_shown_on(form):
                volunteering.task_check_in(actor=request.user, signup=signup, **form.cleaned_data)
                messages.success(request, _("Recorded for %(name)s.") % {"name": signup.person.public_name})
                return redirect("delivery:task_check_in", pk=task.pk)
        refused = (signup.pk, form)
    rows = []
    for person_signup in volunteering_queries.check_in_list(task):
        if refused and refused[0] == person_signup.pk:
            form = refused[1]
        else:
            initial = {"hours": person_signup.hours}
            if person_signup.status != TaskSignup.Status.SIGNED_UP:
                initial["attended"] = "yes" if person_signup.status == TaskSignup.Status.ATTENDED else "no"
            form = CheckInForm(initial=initial, prefix=f"s{person_signup.pk}")
        rows.append({"signup": person_signup, "form": form})
    context = {
        "task": task,
        "project": task.project,
        "rows": rows,
        "check_in": volunteering.check_in_state(task),
        "check_in_opens_at": volunteering.check_in_opens_at(task),
        "check_in_closes_at": volunteering.check_in_closes_at(task),
    }
    status = 400 if refused else 200
    if refused and getattr(refused[1], "refusal_status", None):
        status = refused[1].refusal_status
    return render(request, "delivery/volunteering/check_in.html", context, status=status)


@login_required
def my_volunteering(request):
    signups = volunteering_queries.my_signups(request.user)
    now = timezone.now()
    return render(
        request,
        "delivery/volunteering/mine.html",
        {
            "upcoming": [s for s in signups if s.task.ends_at > now and s.status in volunteering_queries.ACTIVE],
            "past": [s for s in signups if not (s.task.ends_at > now and s.status in volunteering_queries.ACTIVE)],
            "hours": volunteering_queries.hours_given(request.user),
        },
    )


# --- Calendar feed ---------------------------------------------------------------------------------------------------


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def tasks_calendar(tasks, *, host: str, absolute) -> str:
    """The tasks as iCalendar events (RFC 5545), with their times in UTC; lines escaped and folded as feeds.py does."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cocreate//Co-delivery tasks//EN", "CALSCALE:GREGORIAN"]
    stamp = _utc(timezone.now())
    for task in tasks:
        lines += [
            "BEGIN:VEVENT",
            f"UID:task-{task.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(task.starts_at)}",
            f"DTEND:{_utc(task.ends_at)}",
            f"SUMMARY:{ics_text(f'{task.project.title}: {task.title}')}",
            f"LOCATION:{ics_text(task.place)}",
            f"DESCRIPTION:{ics_text(task.description)}",
            f"URL:{absolute(task.get_absolute_url())}",
        ]
        if task.latitude is not None:
            lines.append(f"GEO:{task.latitude};{task.longitude}")
        if task.is_cancelled:
            lines.append("STATUS:CANCELLED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold_ics_line(line) + "\r\n" for line in lines)


@require_GET
def tasks_ics(request):
    slug = request.GET.get("challenge", "")
    challenge = challenge_for_page(slug, request.user) if slug else None
    tasks = volunteering_queries.feed_tasks(request.user, challenge=challenge)[: volunteering_queries.FEED_LIMIT]
    body = tasks_calendar(tasks, host=request.get_host().split(":")[0], absolute=request.build_absolute_uri)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tasks.ics"'
    return response
