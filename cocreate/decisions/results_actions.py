"""Every write of results: closing a vote, counting (for real or as a dry run), publishing, official selections, and
what a selection does to the items on the ballot. One transaction each."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.core.permissions import require_perm

from .errors import AlreadyCounted, NotASelection, NotAVote, SelectionInvalid
from .models import Ballot, Decision, Project, TallyRun
from .sources import ballot_source


@transaction.atomic
def decision_close(decision: Decision, *, by) -> Decision:
    """Close voting now: the stage ends, the results are being counted, and the count is queued for the worker.
    Paper ballots can no longer be entered."""
    from .tasks import count_decision

    require_perm(by, "decisions.close_decision", decision)
    decision = Decision.objects.select_for_update(of=("self",)).select_related("stage").get(pk=decision.pk)
    if not decision.is_vote:
        raise NotAVote()
    if decision.results in (Decision.Results.TALLYING, Decision.Results.PUBLISHED):
        raise AlreadyCounted()
    now = timezone.now()
    stage = decision.stage
    if stage is not None and stage.starts_at < now and (stage.ends_at is None or stage.ends_at > now):
        # The vote ends now rather than at the planned date; the stage's own record says so.
        type(stage).objects.filter(pk=stage.pk).update(ends_at=now)
    decision.results = Decision.Results.TALLYING
    decision.save(update_fields=["results"])
    for budget in decision.budgets.all():
        TallyRun.objects.create(decision=decision, budget=budget, rule=decision.rule, requested_by=by)
    _record(by, "decision.closed", decision)
    transaction.on_commit(lambda: count_decision.enqueue(decision_id=decision.pk))
    return decision


@transaction.atomic
def dry_count(decision: Decision, *, by, rule: str = "") -> list[TallyRun]:
    """Queue a count of the ballots cast so far, seen by the decision's officials only; voting goes on."""
    from .tasks import count_dry_runs

    require_perm(by, "decisions.dry_count_decision", decision)
    rule = rule if rule in Decision.Rule.values else decision.rule
    runs = [
        TallyRun.objects.create(decision=decision, budget=budget, rule=rule, dry_run=True, requested_by=by)
        for budget in decision.budgets.all()
    ]
    ids = [run.pk for run in runs]
    transaction.on_commit(lambda: count_dry_runs.enqueue(run_ids=ids))
    return runs


def run_queued_count(decision_id: int) -> str:
    """The worker's part: count each budget's queued official count, then publish (or mark the decision failed).
    Idempotent: a decision that is not being counted is left alone. Returns the decision's results status."""
    from .tally import count_budget

    decision = Decision.objects.filter(pk=decision_id).first()
    if decision is None or decision.results != Decision.Results.TALLYING:
        return decision.results if decision else ""
    for run in TallyRun.objects.filter(
        decision=decision, dry_run=False, status__in=[TallyRun.Status.QUEUED, TallyRun.Status.RUNNING]
    ).select_related("budget", "budget__decision"):
        TallyRun.objects.filter(pk=run.pk).update(status=TallyRun.Status.RUNNING)
        count_budget(run.budget, rule=run.rule, run=run)
    return results_publish(decision)


def run_dry_counts(run_ids: list[int]) -> int:
    from .tally import count_budget

    done = 0
    for run in TallyRun.objects.filter(pk__in=run_ids, dry_run=True, status=TallyRun.Status.QUEUED).select_related(
        "budget", "budget__decision"
    ):
        TallyRun.objects.filter(pk=run.pk).update(status=TallyRun.Status.RUNNING)
        count_budget(run.budget, rule=run.rule, run=run)
        done += 1
    return done


@transaction.atomic
def results_publish(decision: Decision) -> str:
    """When every budget's official count is done: publish, mark the selected projects, and tell everyone who took
    part in them. A failed count marks the decision failed (officials can close again to recount)."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.results != Decision.Results.TALLYING:
        return decision.results
    latest = {}
    for run in TallyRun.objects.filter(decision=decision, dry_run=False).order_by("budget_id", "-created_at", "-pk"):
        latest.setdefault(run.budget_id, run)
    runs = list(latest.values())
    if any(run.status == TallyRun.Status.FAILED for run in runs):
        decision.results = Decision.Results.FAILED
        decision.save(update_fields=["results"])
        return decision.results
    if any(run.status != TallyRun.Status.DONE for run in runs):
        return decision.results
    selected = {pk for run in runs for pk in run.outcome.get("selected_pks", [])}
    decision.results = Decision.Results.PUBLISHED
    decision.results_published_at = timezone.now()
    decision.save(update_fields=["results", "results_published_at"])
    projects = list(decision.projects.all())
    for project in projects:
        project.selected = project.pk in selected
    Project.objects.bulk_update(projects, ["selected"])
    actor = None  # the vote decided, not a person
    _record(None, "decision.results_published", decision)
    reasons = {project.pk: _vote_reason(project, runs) for project in projects}
    _apply_to_sources(decision, projects, reasons, actor=actor)
    return decision.results


def _vote_reason(project: Project, runs) -> str:
    for run in runs:
        entry = next((e for e in run.outcome.get("projects", {}).values() if e.get("pk") == project.pk), None)
        if entry is None:
            continue
        if entry["selected"]:
            return _("Selected by the vote: %(supporters)d voters supported it.") % {"supporters": entry["supporters"]}
        spent = [item["name"] or item["project"] for item in (entry.get("why_not") or {}).get("spent_on", [])[:2]]
        if spent:
            return _(
                "Not selected by the vote: its %(supporters)d supporters' share was spent on %(spent)s, which they "
                "also supported."
            ) % {"supporters": entry["supporters"], "spent": _(" and ").join(spent)}
        return _("Not selected by the vote: %(supporters)d voters supported it, not enough for its cost.") % {
            "supporters": entry["supporters"]
        }
    return ""


@transaction.atomic
def selection_apply(decision: Decision, choices: dict, *, by) -> Decision:
    """An official selection without a vote. ``choices`` maps each project's pk to (selected, public reason); every
    project of the decision must be decided, each with a reason. The items on the ballot take their new status, are
    linked to the decision, and everyone who took part in them is told."""
    require_perm(by, "decisions.select_decision", decision)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.is_vote:
        raise NotASelection()
    projects = list(decision.projects.all())
    errors = {}
    cleaned = {}
    for project in projects:
        selected, reason = choices.get(project.pk, choices.get(str(project.pk), (None, "")))
        reason = (reason or "").strip()
        if selected is None:
            errors[project.pk] = _("Say whether this project is selected.")
        elif not reason:
            errors[project.pk] = _("Give the public reason for this choice.")
        elif len(reason) > 3000:
            errors[project.pk] = _("Keep the reason under 3,000 characters.")
        else:
            cleaned[project.pk] = (bool(selected), reason)
    if not projects:
        raise SelectionInvalid(_("There are no projects to select from."))
    if errors:
        raise SelectionInvalid(errors=errors)
    for project in projects:
        project.selected, project.reason = cleaned[project.pk]
    Project.objects.bulk_update(projects, ["selected", "reason"])
    decision.results = Decision.Results.PUBLISHED
    decision.results_published_at = timezone.now()
    decision.save(update_fields=["results", "results_published_at"])
    _record(by, "decision.selection_made", decision)
    _apply_to_sources(decision, projects, {p.pk: p.reason for p in projects}, actor=by)
    return decision


def _apply_to_sources(decision: Decision, projects, reasons: dict, *, actor) -> None:
    """Each design or idea on the ballot takes the status its app gives a selected (or not selected) item, with the
    reason as its public answer; a selected one is linked to the decision ("selected in"). Its author, supporters and
    followers are told by the status change, the people upstream through the lineage, and the voters who chose it
    here by a notification of their own."""
    from cocreate.activity.actions import link_create
    from cocreate.engagement.actions import followers, notify, notify_upstream, status_change, supporters

    voters = _voters_by_project(decision)
    for project in projects:
        item = project.source
        if item is None:
            continue
        told: set[int] = set()
        if project.selected:
            link_create(source=item, target=decision, kind="selected_in", actor=actor)
        source = ballot_source(type(item))
        status = ""
        if source is not None:
            status = source.selected_status if project.selected else source.not_selected_status
        workflow = getattr(type(item), "workflow", None)
        answer = reasons.get(project.pk) or (
            _("Selected in “%(decision)s”.") if project.selected else _("Not selected in “%(decision)s”.")
        ) % {"decision": decision.title}
        if status and workflow is not None and item.status != status and workflow.allows(item.status, status):
            status_change(actor=actor, target=item, status=status, answer=answer, check_permission=False)
            told |= {getattr(item, "author_id", None), *followers(item), *supporters(item)}
        elif project.selected:
            told |= _tell_participants(item, actor=actor, answer=answer)
        voter_ids = voters.get(project.pk, set()) - told
        if voter_ids:
            notify(
                recipients=voter_ids,
                actor=actor,
                verb="decision.selected" if project.selected else "decision.not_selected",
                target=item,
                text=answer[:300],
                url=decision.get_absolute_url(),
            )
        if project.selected and not status:
            notify_upstream(actor=actor, target=item, verb="lineage.selected", text=answer[:300], told=told | voter_ids)


def _tell_participants(item, *, actor, answer: str) -> set[int]:
    """When the item's status does not change, its author, supporters and followers are told it was selected."""
    from cocreate.engagement.actions import followers, notify, supporters

    recipients = {getattr(item, "author_id", None), *followers(item), *supporters(item)} - {None}
    notify(recipients=recipients, actor=actor, verb="decision.selected", target=item, text=answer[:300])
    return recipients


def _voters_by_project(decision: Decision) -> dict[int, set[int]]:
    voters: dict[int, set[int]] = {}
    for user_id, choices in (
        Ballot.objects.filter(decision=decision, user__isnull=False).values_list("user_id", "choices").iterator()
    ):
        for pk in choices or ():
            voters.setdefault(pk, set()).add(user_id)
    return voters


def _record(actor, verb: str, decision: Decision) -> None:
    from cocreate.activity.actions import activity_record

    activity_record(actor=actor, verb=verb, target=decision, public=decision.public)


def decisions_due_for_count(now=None) -> list[int]:
    """Votes whose stage has ended but whose ballots are not counted yet."""
    now = now or timezone.now()
    return list(
        Decision.objects.filter(
            method=Decision.Method.VOTE,
            results=Decision.Results.NONE,
            stage__ends_at__lte=now,
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def decision_close_when_due(decision_id: int) -> bool:
    """The periodic task's part: a vote whose stage has ended is closed as an official would (no one is named)."""
    from .tasks import count_decision

    decision = Decision.objects.select_for_update().filter(pk=decision_id, results=Decision.Results.NONE).first()
    if decision is None or not decision.is_vote:
        return False
    decision.results = Decision.Results.TALLYING
    decision.save(update_fields=["results"])
    for budget in decision.budgets.all():
        TallyRun.objects.create(decision=decision, budget=budget, rule=decision.rule)
    _record(None, "decision.closed", decision)
    transaction.on_commit(lambda: count_decision.enqueue(decision_id=decision.pk))
    return True


@transaction.atomic
def publish_imported(decision: Decision) -> str:
    """An imported past vote, counted: its results are published as a closed vote's are."""
    Decision.objects.filter(pk=decision.pk, results=Decision.Results.NONE).update(results=Decision.Results.TALLYING)
    return results_publish(decision)


@transaction.atomic
def decision_import(text: str, *, by, organisation, title="", filename="", rule="", publish=False) -> Decision:
    """An official's import of a Pabulib file: a past vote to publish (counted and published by the worker) or a
    rehearsal seen by officials only, with a dry count queued."""
    from .pabulib_import import decision_import_pabulib
    from .tasks import count_decision

    decision = decision_import_pabulib(
        text, by=by, organisation=organisation, title=title, filename=filename, rule=rule, public=publish
    )
    if publish:
        decision.results = Decision.Results.TALLYING
        decision.save(update_fields=["results"])
        for budget in decision.budgets.all():
            TallyRun.objects.create(decision=decision, budget=budget, rule=decision.rule, requested_by=by)
        transaction.on_commit(lambda: count_decision.enqueue(decision_id=decision.pk))
    else:
        dry_count(decision, by=by)
    _record(by, "decision.imported", decision)
    return decision
