"""Pages of the delivery stage: a challenge's projects, a project's page, and the forms officials use. Every form
works as a plain post; a refused one comes back on a page of its own with what was typed and why."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.challenges.models import Stage
from cocreate.challenges.queries import challenge_for_page
from cocreate.core.errors import NotFound, NotPermitted
from cocreate.core.forms import refusals_shown_on, refuse
from cocreate.core.http import render_form
from cocreate.core.inputs import parse_int
from cocreate.engagement.forms import NoteForm, StatusForm
from cocreate.engagement.queries import engagement_for

from . import actions, queries
from .errors import BudgetImportInvalid, NotADeliveryStage
from .forms import BudgetImportForm, BudgetItemForm, MilestoneForm, ProgressForm, ProjectForm, ReachForm, UpdateForm
from .models import ImplementationProject, Milestone
from .stages import is_delivery


def _managed(request, pk: int) -> ImplementationProject:
    project = queries.project_for_page(pk, request.user)
    if not request.user.has_perm("delivery.change_implementationproject", project):
        raise NotPermitted()
    return project


def _form_again(request, project, form, *, title, action, submit, status=None, multipart=False):
    """A refused official's form, on a page of its own, with what was typed and the messages beside the fields."""
    context = {
        "project": project,
        "form": form,
        "title": title,
        "action": action,
        "submit": submit,
        "multipart": multipart,
    }
    return render_form(request, "delivery/form.html", context, form=form, status=status)


def for_challenge(request, slug: str):
    """The projects of a challenge's delivery stage, and for its officials the ways to start them."""
    challenge = challenge_for_page(slug, request.user)
    stage = queries.delivery_stage(challenge)
    if stage is None:
        raise NotADeliveryStage()
    projects = queries.projects_of_challenge(challenge, request.user)
    can_add = request.user.has_perm("delivery.add_implementationproject", challenge)
    decisions, selected = [], []
    if can_add:
        decisions = [(d, len(queries.selected_without_implementation(d))) for d in queries.closed_decisions(challenge)]
        selected = [(i, f"{i._meta.label_lower}:{i.pk}") for i in queries.selected_without_implementation_in(challenge)]
    rows = [
        {"project": p, "progress": queries.progress_of(p), "late": queries.is_late(p), "money": queries.money_of(p)}
        for p in projects
    ]
    return render(
        request,
        "delivery/stage.html",
        {
            "challenge": challenge,
            "stage": stage,
            "rows": rows,
            "can_add": can_add,
            "decisions": decisions,
            "selected": selected,
        },
    )


@login_required
def for_stage(request, stage_pk: int):
    """From a challenge's back office: its delivery stage's page."""
    stage = get_object_or_404(Stage.objects.select_related("challenge"), pk=stage_pk)
    if not is_delivery(stage):
        raise NotFound()
    return redirect("delivery:for_challenge", slug=stage.challenge.slug)


def project_detail(request, pk: int):
    project = queries.project_for_page(pk, request.user)
    can_manage = request.user.has_perm("delivery.change_implementationproject", project)
    return render(
        request,
        "delivery/detail.html",
        {
            "project": project,
            "challenge": project.challenge,
            "progress": queries.progress_of(project),
            "late": queries.is_late(project),
            "money": queries.money_of(project),
            "milestones": queries.milestones_of(project),
            "updates": queries.updates_of(project),
            "children": [
                {"project": c, "progress": queries.progress_of(c), "late": queries.is_late(c)}
                for c in queries.sub_projects(project, request.user)
            ],
            "departments": list(project.departments.order_by("name")),
            "partners": list(project.partners.order_by("name")),
            "engagement": engagement_for(project, user=request.user, with_notes=can_manage),
            "can_manage": can_manage,
            "can_follow": request.user.has_perm("delivery.follow_implementationproject", project),
            "status_form": StatusForm(workflow=ImplementationProject.workflow, current=project.status),
            "note_form": NoteForm(auto_id="note-%s"),
            "progress_form": ProgressForm(initial={"progress": project.progress}, auto_id="progress-%s"),
            "milestone_form": MilestoneForm(auto_id="milestone-%s"),
            "update_form": UpdateForm(auto_id="update-%s"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request, slug: str):
    challenge = challenge_for_page(slug, request.user)
    if not request.user.has_perm("delivery.add_implementationproject", challenge):
        raise NotPermitted()
    form = ProjectForm(request.POST or None, challenge=challenge)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            project = actions.project_create(actor=request.user, challenge=challenge, **form.cleaned_data)
            messages.success(request, _("The project was started."))
            return redirect(project)
    context = {"challenge": challenge, "form": form, "project": None}
    return render_form(request, "delivery/project_form.html", context, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    project = _managed(request, pk)
    initial = {
        name: getattr(project, name)
        for name in ("title", "description", "district", "latitude", "longitude", "budget_planned", "parent")
    }
    initial |= {"departments": list(project.departments.all()), "partners": list(project.partners.all())}
    form = ProjectForm(request.POST or None, challenge=project.challenge, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals_shown_on(form):
            actions.project_change(actor=request.user, project=project, **form.cleaned_data)
            messages.success(request, _("The project's details were saved."))
            return redirect(project)
    context = {"challenge": project.challenge, "form": form, "project": project}
    return render_form(request, "delivery/project_form.html", context, form=form)


@login_required
@require_POST
def from_decision(request, decision_pk: int):
    """Start one project for each project the decision selected that has none yet."""
    from cocreate.decisions.views import decision_for_page

    decision = decision_for_page(decision_pk, request.user)
    made = actions.projects_from_decision(actor=request.user, decision=decision)
    if made:
        messages.success(request, _("Projects started: %(count)d.") % {"count": len(made)})
    else:
        messages.info(request, _("Every project this decision selected has its implementation project already."))
    return redirect("delivery:for_challenge", slug=decision.challenge.slug)


@login_required
@require_POST
def from_selected(request, slug: str):
    """Start the project of one selected design (posted as ``item`` = ``designs.design:<pk>``)."""
    challenge = challenge_for_page(slug, request.user)
    if not request.user.has_perm("delivery.add_implementationproject", challenge):
        raise NotPermitted()
    label, _sep, pk = request.POST.get("item", "").partition(":")
    item = queries.selected_item(challenge, label, parse_int(pk) or 0)
    if item is None:
        raise NotFound()
    project = actions.project_from_selected(actor=request.user, item=item)
    messages.success(request, _("The project was started."))
    return redirect(project)


@login_required
@require_POST
def progress_set(request, pk: int):
    project = _managed(request, pk)
    form = ProgressForm(request.POST, auto_id="progress-%s")
    if form.is_valid():
        actions.project_set_progress(actor=request.user, project=project, **form.cleaned_data)
        messages.success(request, _("The progress was saved."))
        return redirect(project)
    return _form_again(
        request,
        project,
        form,
        title=gettext_lazy("Progress"),
        action=reverse("delivery:progress", args=[project.pk]),
        submit=gettext_lazy("Save the progress"),
    )


@login_required
@require_POST
def milestone_add(request, pk: int):
    project = _managed(request, pk)
    form = MilestoneForm(request.POST, auto_id="milestone-%s")
    if form.is_valid():
        actions.milestone_add(actor=request.user, project=project, **form.cleaned_data)
        messages.success(request, _("The milestone was added."))
        return redirect(project)
    return _form_again(
        request,
        project,
        form,
        title=gettext_lazy("Add a milestone"),
        action=reverse("delivery:milestone_add", args=[project.pk]),
        submit=gettext_lazy("Add the milestone"),
    )


@login_required
@require_POST
def milestone_reach(request, pk: int):
    milestone = get_object_or_404(Milestone.objects.select_related("project"), pk=pk)
    project = _managed(request, milestone.project_id)
    form = ReachForm(request.POST, auto_id=f"reach-{milestone.pk}-%s")
    if form.is_valid():
        with refusals_shown_on(form):
            actions.milestone_reach(actor=request.user, milestone=milestone, **form.cleaned_data)
            messages.success(request, _("The milestone is recorded as reached; everyone who took part hears of it."))
            return redirect(project)
    return _form_again(
        request,
        project,
        form,
        title=_("Reached: %(milestone)s") % {"milestone": milestone.title},
        action=reverse("delivery:milestone_reach", args=[milestone.pk]),
        submit=gettext_lazy("Record as reached"),
    )


@login_required
@require_POST
def update_post(request, pk: int):
    project = _managed(request, pk)
    form = UpdateForm(request.POST, request.FILES, auto_id="update-%s")
    if form.is_valid():
        with refusals_shown_on(form):
            actions.update_post(actor=request.user, project=project, **form.cleaned_data)
            messages.success(request, _("The update was posted."))
            return redirect(project)
    return _form_again(
        request,
        project,
        form,
        title=gettext_lazy("Post an update"),
        action=reverse("delivery:update_post", args=[project.pk]),
        submit=gettext_lazy("Post the update"),
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget(request, pk: int):
    """The project's budget lines, a form for one more, and the CSV import."""
    project = _managed(request, pk)
    form = BudgetItemForm(request.POST or None, auto_id="item-%s")
    if request.method == "POST" and form.is_valid():
        actions.budget_item_add(actor=request.user, project=project, **form.cleaned_data)
        messages.success(request, _("The budget line was added."))
        return redirect("delivery:budget", pk=project.pk)
    return _budget_page(request, project, item_form=form, import_form=BudgetImportForm(auto_id="import-%s"))


def _budget_page(request, project, *, item_form, import_form, import_errors=()):
    context = {
        "project": project,
        "money": queries.money_of(project),
        "items": queries.budget_items_of(project),
        "item_form": item_form,
        "import_form": import_form,
        "import_errors": import_errors,
    }
    form = import_form if import_form.is_bound else item_form
    return render_form(request, "delivery/budget.html", context, form=form)


@login_required
@require_POST
def budget_import(request, pk: int):
    project = _managed(request, pk)
    form = BudgetImportForm(request.POST, request.FILES, auto_id="import-%s")
    errors = []
    if form.is_valid():
        try:
            items = actions.budget_import_csv(actor=request.user, project=project, text=form.cleaned_data["file"])
        except BudgetImportInvalid as error:
            refuse(form, error)
            errors = error.errors
        else:
            messages.success(request, _("Budget lines imported: %(count)d.") % {"count": len(items)})
            return redirect("delivery:budget", pk=project.pk)
    return _budget_page(
        request, project, item_form=BudgetItemForm(auto_id="item-%s"), import_form=form, import_errors=errors
    )
