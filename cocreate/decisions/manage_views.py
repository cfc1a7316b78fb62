"""Pages where officials set up a decision: settings, budgets, projects on the ballot, voting codes, paper ballots
and the counts of ballots received."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.challenges.models import Stage
from cocreate.core.errors import CocreateError, NotFound, NotPermitted

from . import actions, code_slips, manage_actions, manage_queries, paper
from .errors import CountingStarted
from .manage_forms import (
    BallotForm,
    BudgetForm,
    CodeBatchForm,
    DecisionSettingsForm,
    FromSourcesForm,
    PaperSheetForm,
    ProjectForm,
)
from .models import Decision, PaperSheet
from .stages import makes_decision
from .views import decision_for_page


def _managed(request, pk: int) -> Decision:
    decision = decision_for_page(pk, request.user)
    if not request.user.has_perm("decisions.manage_decision", decision):
        raise NotPermitted()
    return decision


def _page(request, template: str, decision: Decision, section: str, status: int = 200, **context):
    context.update(decision=decision, section=section)
    return render(request, f"decisions/{template}", context, status=status)


@login_required
def manage_for_stage(request, stage_pk: int):
    """From a challenge's back office: the decision of one of its vote or selection stages, made on first use."""
    stage = get_object_or_404(Stage.objects.select_related("challenge"), pk=stage_pk)
    if not makes_decision(stage):
        raise NotFound()
    if not request.user.has_perm("challenges.change_challenge", stage.challenge):
        raise NotPermitted()
    decision = actions.decision_for_stage(stage)
    return redirect("decisions:manage", pk=decision.pk)


@login_required
@require_http_methods(["GET", "POST"])
def manage_settings(request, pk: int):
    decision = _managed(request, pk)
    locked = manage_queries.has_ballots(decision)
    form = DecisionSettingsForm(request.POST or None, instance=decision, locked=locked)
    if request.method == "POST" and form.is_valid():
        decision.refresh_from_db()  # the form wrote its values onto the instance; the action compares with stored
        try:
            manage_actions.decision_settings_update(actor=request.user, decision=decision, **form.setting_values())
        except CocreateError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The decision's settings were saved."))
            return redirect("decisions:manage", pk=decision.pk)
    return _page(
        request, "manage.html", decision, "settings", status=400 if form.errors else 200, form=form, locked=locked
    )


# --- Budgets ---------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def manage_budgets(request, pk: int):
    decision = _managed(request, pk)
    form = BudgetForm(request.POST or None, prefix="budget")
    if request.method == "POST" and form.is_valid():
        manage_actions.budget_create(actor=request.user, decision=decision, **form.cleaned_data)
        messages.success(request, _("The budget was added."))
        return redirect("decisions:manage_budgets", pk=decision.pk)
    return _page(
        request,
        "manage_budgets.html",
        decision,
        "budgets",
        status=400 if form.errors else 200,
        form=form,
        budgets=list(decision.budgets.all()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_budget_edit(request, pk: int, budget_pk: int):
    decision = _managed(request, pk)
    budget = get_object_or_404(decision.budgets, pk=budget_pk)
    form = BudgetForm(request.POST or None, instance=budget, prefix="budget")
    if request.method == "POST" and form.is_valid():
        budget.refresh_from_db()
        try:
            manage_actions.budget_update(actor=request.user, budget=budget, **form.cleaned_data)
        except CocreateError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The budget was saved."))
            return redirect("decisions:manage_budgets", pk=decision.pk)
    return _page(
        request,
        "manage_budget_edit.html",
        decision,
        "budgets",
        status=400 if form.errors else 200,
        form=form,
        budget=budget,
        locked=manage_queries.budget_has_ballots(budget),
    )


@login_required
@require_POST
def manage_budget_delete(request, pk: int, budget_pk: int):
    decision = _managed(request, pk)
    budget = get_object_or_404(decision.budgets, pk=budget_pk)
    manage_actions.budget_delete(actor=request.user, budget=budget)
    messages.success(request, _("The budget and its projects were removed."))
    return redirect("decisions:manage_budgets", pk=decision.pk)


# --- Projects --------------------------------------------------------------------------------------------------------


def _projects_page(request, decision, *, sources_form=None, project_form=None, status=200):
    groups = manage_queries.ballot_candidates(decision)
    named = manage_queries.projects_named_on_ballots(decision)
    budgets = list(decision.budgets.prefetch_related("projects__source_type"))
    sources_form = sources_form or FromSourcesForm(decision=decision, groups=groups, prefix="sources")
    return _page(
        request,
        "manage_projects.html",
        decision,
        "projects",
        status=status,
        budgets=budgets,
        named=named,
        groups=groups,
        has_candidates=any(group.items for group in groups),
        sources_form=sources_form,
        chosen_items=set(sources_form.data.getlist("sources-items")) if sources_form.is_bound else set(),
        project_form=project_form or ProjectForm(decision=decision, prefix="project"),
    )


@login_required
def manage_projects(request, pk: int):
    return _projects_page(request, _managed(request, pk))


@login_required
@require_POST
def manage_projects_from_sources(request, pk: int):
    decision = _managed(request, pk)
    groups = manage_queries.ballot_candidates(decision)
    form = FromSourcesForm(request.POST, decision=decision, groups=groups, prefix="sources")
    if not form.is_valid():
        return _projects_page(request, decision, sources_form=form, status=400)
    budget = form.cleaned_data["budget"]
    added = 0
    for model, item_pk in form.chosen():
        item = manage_queries.candidate(decision, model, item_pk)
        if item is None:
            continue  # no longer a candidate since the page was shown; the others are added
        manage_actions.project_add_from_source(actor=request.user, decision=decision, budget=budget, item=item)
        added += 1
    messages.success(request, _("Projects added to the ballot: %(count)d. Check their costs.") % {"count": added})
    return redirect("decisions:manage_projects", pk=decision.pk)


@login_required
@require_POST
def manage_project_create(request, pk: int):
    decision = _managed(request, pk)
    form = ProjectForm(request.POST, decision=decision, prefix="project")
    if not form.is_valid():
        return _projects_page(request, decision, project_form=form, status=400)
    manage_actions.project_create(actor=request.user, decision=decision, **form.cleaned_data)
    messages.success(request, _("The project was added to the ballot."))
    return redirect("decisions:manage_projects", pk=decision.pk)


@login_required
@require_http_methods(["GET", "POST"])
def manage_project_edit(request, pk: int, project_pk: int):
    decision = _managed(request, pk)
    project = get_object_or_404(decision.projects.select_related("budget"), pk=project_pk)
    locked = manage_queries.project_on_ballots(project)
    form = ProjectForm(request.POST or None, instance=project, decision=decision, prefix="project")
    if request.method == "POST" and form.is_valid():
        project.refresh_from_db()
        try:
            manage_actions.project_update(actor=request.user, project=project, **form.cleaned_data)
        except CocreateError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("decisions:manage_projects", pk=decision.pk)
    return _page(
        request,
        "manage_project_edit.html",
        decision,
        "projects",
        status=400 if form.errors else 200,
        form=form,
        project=project,
        locked=locked,
    )


@login_required
@require_POST
def manage_project_remove(request, pk: int, project_pk: int):
    decision = _managed(request, pk)
    project = get_object_or_404(decision.projects, pk=project_pk)
    manage_actions.project_remove(actor=request.user, project=project)
    messages.success(request, _("The project was removed from the ballot."))
    return redirect("decisions:manage_projects", pk=decision.pk)


# --- Voting codes ----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def manage_codes(request, pk: int):
    """The batches, and a form that makes one: its answer is the PDF of the codes, the only time they are seen."""
    decision = _managed(request, pk)
    form = CodeBatchForm(request.POST or None, prefix="codes")
    if request.method == "POST" and form.is_valid():
        try:
            batch, codes = manage_actions.code_batch_create(actor=request.user, decision=decision, **form.cleaned_data)
        except CocreateError as error:
            form.add_error(None, error.message)
        else:
            pdf = code_slips.slips_pdf(
                title=decision.title,
                vote_url=request.build_absolute_uri(decision.get_absolute_url()),
                codes=codes,
                label=batch.label,
                district=batch.district,
            )
            response = HttpResponse(pdf, content_type="application/pdf")
            name = slugify(f"voting-codes-{decision.pk}-{batch.pk}-{batch.label}")
            response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
            response["Cache-Control"] = "no-store"
            return response
    return _page(
        request,
        "manage_codes.html",
        decision,
        "codes",
        status=400 if form.errors else 200,
        form=form,
        batches=manage_queries.code_batches(decision),
        takes_codes=decision.is_vote and decision.voters != Decision.Voters.RESIDENTS,
    )


# --- Paper ballots ---------------------------------------------------------------------------------------------------


@login_required
def manage_paper(request, pk: int):
    decision = _managed(request, pk)
    return _page(
        request,
        "manage_paper.html",
        decision,
        "paper",
        budgets=list(decision.budgets.all()),
        to_resolve=manage_queries.sheets_to_resolve(decision),
        waiting=manage_queries.sheets_waiting(decision),
        status_counts=manage_queries.paper_status_counts(decision),
        can_enter=request.user.has_perm("decisions.enter_paper_ballots", decision),
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_paper_enter(request, pk: int, budget_pk: int):
    decision = _managed(request, pk)
    budget = get_object_or_404(decision.budgets, pk=budget_pk)
    if not request.user.has_perm("decisions.enter_paper_ballots", decision):
        raise CountingStarted()
    # The next sheet is usually from the same polling place: the page keeps it after an entry.
    initial = {
        "polling_place": request.GET.get("polling_place", "")[:120],
        "district": request.GET.get("district", budget.district)[:120],
    }
    form = PaperSheetForm(request.POST or None, decision=decision, budget=budget, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sheet = paper.paper_entry_submit(
                actor=request.user,
                decision=decision,
                budget=budget,
                polling_place=data["polling_place"],
                number=data["number"],
                district=data["district"],
                choices=data["choices"],
                points=data["points"],
            )
        except CocreateError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, str(_SHEET_MESSAGES[sheet.status]) % {"sheet": sheet})
            same_place = urlencode({"polling_place": sheet.polling_place, "district": sheet.district})
            return redirect(f"{reverse('decisions:manage_paper_enter', args=[decision.pk, budget.pk])}?{same_place}")
    return _page(
        request,
        "manage_paper_enter.html",
        decision,
        "paper",
        status=400 if form.errors else 200,
        form=form,
        budget=budget,
    )


_SHEET_MESSAGES = {
    PaperSheet.Status.WAITING: gettext_lazy("Sheet %(sheet)s was entered; a second official enters it again."),
    PaperSheet.Status.MATCHED: gettext_lazy("Sheet %(sheet)s: both entries agree; the ballot is counted."),
    PaperSheet.Status.MISMATCH: gettext_lazy("Sheet %(sheet)s: the two entries differ; an official must resolve it."),
    PaperSheet.Status.RESOLVED: gettext_lazy("Sheet %(sheet)s was resolved."),
}


@login_required
@require_http_methods(["GET", "POST"])
def manage_paper_resolve(request, pk: int, sheet_pk: int):
    decision = _managed(request, pk)
    sheet = get_object_or_404(decision.paper_sheets.select_related("budget"), pk=sheet_pk)
    entries = list(sheet.entries.select_related("entered_by"))
    form = BallotForm(None, decision=decision, budget=sheet.budget, prefix="reading")
    refused = None
    if request.method == "POST":
        entry = None
        if "entry" in request.POST:
            entry = next((e for e in entries if str(e.pk) == request.POST["entry"]), None)
            if entry is None:
                raise NotFound()
        else:
            form = BallotForm(request.POST, decision=decision, budget=sheet.budget, prefix="reading")
        if entry is not None or form.is_valid():
            try:
                paper.paper_sheet_resolve(
                    actor=request.user,
                    sheet=sheet,
                    entry=entry,
                    choices=None if entry else form.cleaned_data["choices"],
                    points=None if entry else form.cleaned_data["points"],
                )
            except CocreateError as error:
                refused = error.message
            else:
                messages.success(request, _("Sheet %(sheet)s was resolved; the ballot is counted.") % {"sheet": sheet})
                return redirect("decisions:manage_paper", pk=decision.pk)
    titles = dict(sheet.budget.projects.values_list("pk", "title"))
    readings = [(entry, _reading_lines(entry, titles, decision)) for entry in entries]
    return _page(
        request,
        "manage_paper_resolve.html",
        decision,
        "paper",
        status=400 if (form.errors or refused) else 200,
        sheet=sheet,
        readings=readings,
        form=form,
        refused=refused,
    )


def _reading_lines(entry, titles: dict, decision: Decision) -> list[str]:
    """One entry as lines to compare side by side: a project per line, with its rank or points."""
    lines = []
    for index, pk in enumerate(entry.choices):
        title = titles.get(pk, str(pk))
        if decision.ballot_type == Decision.BallotType.RANKED:
            title = f"{index + 1}. {title}"
        elif entry.points:
            title = _("%(project)s: %(points)d points") % {"project": title, "points": entry.points[index]}
        lines.append(title)
    return lines


@login_required
def manage_counts(request, pk: int):
    """How many ballots arrived, per polling place and district and channel: never how projects are doing."""
    decision = _managed(request, pk)
    return _page(
        request,
        "manage_counts.html",
        decision,
        "counts",
        tables=[
            (
                _("By polling place"),
                manage_queries.ballot_counts_by_polling_place(decision),
                _("Polling place"),
                "place",
            ),
            (_("By district"), manage_queries.ballot_counts_by_district(decision), _("District"), "district"),
        ],
        status_counts=manage_queries.paper_status_counts(decision),
    )
