"""Pages of results: closing and dry counts, the results of each budget, downloads, receipt checks, official
selections, and importing a Pabulib file."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.core.errors import NotFound, NotPermitted

from . import results_actions, results_queries
from .errors import CountsHidden, InvalidPabulibFile, SelectionInvalid
from .models import Decision, TallyRun
from .results_forms import ImportForm, SelectionForm
from .views import decision_for_page


def _require(user, perm, decision):
    if not user.has_perm(perm, decision):
        raise NotPermitted()


@require_POST
def close(request, pk: int):
    decision = decision_for_page(pk, request.user)
    results_actions.decision_close(decision, by=request.user)
    messages.success(request, _("Voting is closed. The ballots are being counted; the results appear here when done."))
    return redirect(f"{decision.get_absolute_url()}#results")


@require_POST
def dry_count(request, pk: int):
    decision = decision_for_page(pk, request.user)
    results_actions.dry_count(decision, by=request.user, rule=request.POST.get("rule", ""))
    messages.success(request, _("A dry count has been started. Only the officials of this decision see it."))
    return redirect(f"{decision.get_absolute_url()}#results")


def dry_count_result(request, pk: int, run_pk: int):
    decision = decision_for_page(pk, request.user)
    if not request.user.has_perm("decisions.view_dry_count_decision", decision):
        raise NotFound()
    run = get_object_or_404(TallyRun.objects.select_related("budget"), pk=run_pk, decision=decision, dry_run=True)
    return render(request, "decisions/results_budget.html", _budget_context(request, decision, run, dry=True))


def budget_results(request, pk: int, budget_pk: int):
    decision = decision_for_page(pk, request.user)
    run = results_queries.published_run(decision, budget_pk)
    if run is None:
        raise CountsHidden(_("These results are not published yet."))
    return render(request, "decisions/results_budget.html", _budget_context(request, decision, run, dry=False))


def _budget_context(request, decision, run, *, dry):
    outcome = run.outcome or {}
    projects = list((outcome.get("projects") or {}).items())
    selected = [(pid, entry) for pid, entry in projects if entry["selected"]]
    order = {pid: position for position, pid in enumerate(outcome.get("selected", []))}
    selected.sort(key=lambda item: order.get(item[0], 0))
    not_selected = sorted(
        ((pid, entry) for pid, entry in projects if not entry["selected"]), key=lambda item: -item[1]["supporters"]
    )
    return {
        "decision": decision,
        "run": run,
        "dry": dry,
        "outcome": outcome,
        "selected": selected,
        "not_selected": not_selected,
        "comparison": outcome.get("comparison"),
        "share": None if dry else results_queries.voter_share(run, request.user),
        "can_manage": request.user.has_perm("decisions.manage_decision", decision),
    }


def _download(request, pk, budget_pk, what):
    decision = decision_for_page(pk, request.user)
    run = results_queries.published_run(decision, budget_pk)
    if run is None:
        raise CountsHidden(_("The ballots and the count are published when voting has closed and they are counted."))
    stem = f"decision-{decision.pk}-budget-{run.budget_id}"
    if what == "ballots":
        body, kind, name = run.ballots_file, "text/plain; charset=utf-8", f"{stem}.pb"
    elif what == "tally":
        body, kind, name = run.tally_file, "application/json", f"{stem}-tally.json"
    else:
        body = f"{run.ballots_sha256}  {stem}.pb\n{run.tally_sha256}  {stem}-tally.json\n"
        kind, name = "text/plain; charset=utf-8", f"{stem}.sha256"
    response = HttpResponse(body.encode("utf-8"), content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def download_ballots(request, pk: int, budget_pk: int):
    return _download(request, pk, budget_pk, "ballots")


def download_tally(request, pk: int, budget_pk: int):
    return _download(request, pk, budget_pk, "tally")


def download_hashes(request, pk: int, budget_pk: int):
    return _download(request, pk, budget_pk, "hashes")


def receipt_check(request, pk: int):
    decision = decision_for_page(pk, request.user)
    typed = request.GET.get("receipt", "")
    checked = bool(typed.strip())
    error = ""
    found = []
    if checked and len(typed) > 200:
        error, checked = _("A receipt is much shorter than that; check what you typed."), False
    published = decision.results == Decision.Results.PUBLISHED
    if checked and published:
        found = results_queries.receipt_lookup(decision, typed)
    return render(
        request,
        "decisions/receipt_check.html",
        {
            "decision": decision,
            "typed": typed,
            "receipt": results_queries.normalise_receipt(typed),
            "checked": checked,
            "published": published,
            "found": found,
            "error": error,
        },
        status=400 if error else 200,
    )


def selection(request, pk: int):
    """Officials choose the projects with a public reason each; everyone else reads the choices and reasons."""
    decision = decision_for_page(pk, request.user)
    if decision.is_vote:
        raise Http404()
    projects = list(decision.projects.select_related("budget"))
    can_select = request.user.has_perm("decisions.select_decision", decision)
    form = None
    status = 200
    if can_select:
        if request.method == "POST":
            form = SelectionForm(request.POST, projects=projects)
            if form.is_valid():
                try:
                    results_actions.selection_apply(decision, form.choices(), by=request.user)
                except SelectionInvalid as error:
                    form.add_action_errors(error)
                else:
                    messages.success(request, _("The selection is published with its reasons."))
                    return redirect("decisions:selection", pk=decision.pk)
            status = 400
        else:
            form = SelectionForm(projects=projects)
    elif request.method == "POST":
        raise NotPermitted()
    return render(
        request,
        "decisions/selection.html",
        {"decision": decision, "projects": projects, "form": form, "can_select": can_select},
        status=status,
    )


def import_pabulib(request):
    if not request.user.has_perm("decisions.open_import"):
        raise NotPermitted()
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = results_actions.decision_import(
                    form.text,
                    by=request.user,
                    organisation=data["organisation"],
                    title=data["title"],
                    filename=data["file"].name,
                    rule=data["rule"],
                    publish=data["mode"] == "publish",
                )
            except InvalidPabulibFile as error:
                form.add_error("file", str(error.message))
            else:
                if data["mode"] == "publish":
                    messages.success(request, _("The vote is imported, counted and its results are published."))
                else:
                    messages.success(request, _("The vote is imported and a dry count started; only officials see it."))
                return redirect(decision)
        status = 400
    return render(request, "decisions/import.html", {"form": form}, status=status)
