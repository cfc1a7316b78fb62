"""The triage board where a department's officials answer, assign, merge and frame problems."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cocreate.challenges import processes
from cocreate.core.errors import CocreateError, NotPermitted
from cocreate.core.http import redirect_back
from cocreate.core.inputs import parse_int
from cocreate.engagement import actions as engagement
from cocreate.organisations.models import Department, Membership
from cocreate.organisations.queries import department_subtree_ids, staff_departments, user_roles

from . import actions, queries
from .forms import AssignForm, BulkStatusForm, DuplicateForm
from .models import Problem


def _department_for(request, pk: int) -> Department:
    department = get_object_or_404(Department.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm("problems.triage_problem", department):
        raise NotPermitted()
    return department


@login_required
def my_boards(request):
    """Where an official starts: the board chosen in the department switcher, their department's board, or a choice
    of boards."""
    departments = staff_departments(request.user)
    if not departments and not request.user.is_superuser:
        raise NotPermitted()
    chosen = parse_int(request.GET.get("department"))
    if chosen is not None:
        if chosen not in {d.pk for d, _depth in departments}:
            raise NotPermitted()
        return redirect("problems_manage:board", pk=chosen)
    own = {r.department_id for r in user_roles(request.user) if r.role == Membership.Role.OFFICIAL and r.department_id}
    if len(own) == 1 and not any(r.role == Membership.Role.ADMIN for r in user_roles(request.user)):
        return redirect("problems_manage:board", pk=own.pop())
    return render(request, "problems/manage/boards.html", {"departments": departments})


@login_required
def board(request, pk: int):
    department = _department_for(request, pk)
    board = queries.triage_board(department)
    open_problems = Problem.objects.filter(department_id__in=department_subtree_ids(department)).exclude(
        status__in=Problem.workflow.closed
    )
    return render(
        request,
        "problems/manage/board.html",
        {
            "department": department,
            "departments": staff_departments(request.user),
            "board": board,
            "bulk_form": BulkStatusForm(problems=open_problems),
            "templates": processes.TEMPLATES,
        },
    )


@login_required
@require_POST
def bulk_status(request, pk: int):
    department = _department_for(request, pk)
    form = BulkStatusForm(
        request.POST, problems=Problem.objects.filter(department_id__in=department_subtree_ids(department))
    )
    if not form.is_valid():
        messages.error(request, _("Choose at least one problem and a status."))
        return redirect("problems_manage:board", pk=pk)
    try:
        with transaction.atomic():  # all or nothing: one refused change leaves every problem as it was
            for problem in form.cleaned_data["problems"]:
                engagement.status_change(
                    actor=request.user,
                    target=problem,
                    status=form.cleaned_data["status"],
                    answer=form.cleaned_data["answer"],
                )
    except CocreateError as error:
        messages.error(request, _("Nothing was changed: %(problem)s") % {"problem": error.message})
        return redirect("problems_manage:board", pk=pk)
    count = len(form.cleaned_data["problems"])
    messages.success(
        request,
        ngettext("%(count)d problem was updated.", "%(count)d problems were updated.", count) % {"count": count},
    )
    return redirect("problems_manage:board", pk=pk)


@login_required
@require_POST
def assign(request, pk: int):
    problem = get_object_or_404(Problem, pk=pk)
    form = AssignForm(request.POST, officials=queries.assignable_officials(problem.organisation))
    if not form.is_valid():
        messages.error(request, _("Choose an official of this public body."))
        return redirect(problem)
    actions.problem_assign(actor=request.user, problem=problem, assignee=form.cleaned_data["assignee"])
    messages.success(request, _("The problem was assigned."))
    return redirect_back(request, problem.get_absolute_url())


@login_required
@require_POST
def mark_duplicate(request, pk: int):
    problem = get_object_or_404(Problem, pk=pk)
    form = DuplicateForm(request.POST)
    original = Problem.objects.filter(
        pk=parse_int(form.data.get("original")), organisation=problem.organisation
    ).first()
    if not form.is_valid() or original is None:
        messages.error(request, _("Give the number of an existing problem of this public body."))
        return redirect(problem)
    actions.problem_mark_duplicate(
        actor=request.user, problem=problem, original=original, answer=form.cleaned_data["answer"]
    )
    messages.success(request, _("The problem was merged into problem %(number)d.") % {"number": original.pk})
    return redirect(original)


@login_required
@require_POST
def frame_challenge(request, pk: int):
    """Create a draft challenge from the problems ticked on the board."""
    department = _department_for(request, pk)
    ids = [i for i in map(parse_int, request.POST.getlist("problems")) if i is not None]
    problems = list(Problem.objects.filter(pk__in=ids, organisation=department.organisation).order_by("-support_count"))
    template = request.POST.get("template", "open_exploration")
    if not problems or processes.get(template) is None:
        messages.error(request, _("Tick at least one problem and choose a process."))
        return redirect("problems_manage:board", pk=pk)
    created = actions.problems_frame_challenge(
        actor=request.user, problems=problems, department=department, template=template
    )
    messages.success(
        request,
        ngettext(
            "A draft challenge was made from %(count)d problem.",
            "A draft challenge was made from %(count)d problems.",
            len(problems),
        )
        % {"count": len(problems)},
    )
    return redirect("challenges_manage:edit", slug=created.challenge.slug)
