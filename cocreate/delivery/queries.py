"""Reads of delivery that span relations: a challenge's delivery stage and projects, what a decision selected that
has no project yet, a project's progress (derived from milestones, rolled up from sub-projects), lateness, and the
feeds' rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cocreate.core.errors import NotFound

from .models import BudgetItem, ImplementationProject, Milestone, ProjectUpdate


def delivery_stage(challenge):
    """The challenge's delivery stage (the first, if it has several), or None."""
    from .stages import is_delivery

    return next((stage for stage in challenge.ordered_stages if is_delivery(stage)), None)


def late_milestones(today: dt.date | None = None) -> QuerySet[Milestone]:
    return Milestone.objects.filter(reached_on__isnull=True, planned_on__lt=today or timezone.localdate())


def with_lateness(projects: QuerySet, today: dt.date | None = None) -> QuerySet:
    """Annotates ``is_late``: an open project with a milestone whose planned date passed unmet."""
    late = late_milestones(today).filter(project=OuterRef("pk"))
    return projects.annotate(late_flag=Exists(late))


def visible_projects(user) -> QuerySet[ImplementationProject]:
    """Projects the person may see, by the rules' conditions written as one filter."""
    from cocreate.challenges.models import Challenge
    from cocreate.organisations.queries import organisation_ids_where

    projects = ImplementationProject.objects.all()
    if getattr(user, "is_superuser", False):
        return projects
    public = Q(
        challenge__published_at__isnull=False,
        challenge__visibility=Challenge.Visibility.PUBLIC,
        is_hidden=False,
    )
    if user.is_authenticated:
        official_of = organisation_ids_where(user, {"official", "admin"})
        public |= Q(challenge__organisation_id__in=official_of)
        public |= Q(challenge__published_at__isnull=False, challenge__invited=user, is_hidden=False)
    return projects.filter(public).distinct()


def projects_of_challenge(challenge, user) -> list[ImplementationProject]:
    """The challenge's projects the person may see, sub-projects after their parent, with lateness and what the
    list and progress need: three queries."""
    projects = list(
        with_lateness(visible_projects(user).filter(challenge=challenge))
        .select_related("challenge")
        .prefetch_related(Prefetch("children", queryset=ImplementationProject.objects.order_by("pk")))
        .order_by("created_at", "pk")
    )
    by_parent = {}
    for project in projects:
        by_parent.setdefault(project.parent_id, []).append(project)
    ordered = []
    for project in by_parent.get(None, []):
        ordered.append(project)
        ordered.extend(by_parent.get(project.pk, []))
    shown = {p.pk for p in ordered}
    ordered.extend(p for p in projects if p.pk not in shown)  # sub-projects of a parent the person may not see
    return ordered


def project_for_page(pk: int, user) -> ImplementationProject:
    """The one way to fetch a project for a person: 404 when it does not exist or they may not see it."""
    project = get_object_or_404(
        with_lateness(ImplementationProject.objects.select_related("challenge", "organisation", "parent")), pk=pk
    )
    if not user.has_perm("delivery.view_implementationproject", project):
        raise NotFound()
    return project


def is_late(project: ImplementationProject, today: dt.date | None = None) -> bool:
    if project.status not in ImplementationProject.workflow.open:
        return False
    flag = getattr(project, "late_flag", None)
    if flag is not None and today is None:
        return flag
    return late_milestones(today).filter(project=project).exists()


def own_progress(project: ImplementationProject) -> int:
    """Set by officials; else the share of milestones met; done is 100."""
    if project.status == ImplementationProject.Status.DONE:
        return 100
    if project.progress is not None:
        return project.progress
    if project.milestone_count:
        return round(100 * project.milestones_met / project.milestone_count)
    return 0


def progress_of(project: ImplementationProject) -> int:
    """The project's progress: its own when set by hand or when it has no sub-projects; else its sub-projects'
    progress weighted by their planned budgets (equal weights when none has one)."""
    if project.progress is not None or project.status == ImplementationProject.Status.DONE:
        return own_progress(project)
    children = [c for c in project.children.all() if c.status != ImplementationProject.Status.ABANDONED]
    if not children:
        return own_progress(project)
    weights = [c.budget_planned or Decimal(0) for c in children]
    if not any(weights):
        weights = [Decimal(1)] * len(children)
    total = sum(w * own_progress(c) for w, c in zip(weights, children, strict=True))
    return round(total / sum(weights))


@dataclass(frozen=True)
class Money:
    planned: Decimal | None
    committed: Decimal
    spent: Decimal
    estimated: Decimal | None


def money_of(project: ImplementationProject) -> Money:
    return Money(project.budget_planned, project.budget_committed, project.budget_spent, project.estimated_cost)


def milestones_of(project: ImplementationProject) -> list[Milestone]:
    return list(project.milestones.order_by("planned_on", "pk"))


def budget_items_of(project: ImplementationProject) -> list[BudgetItem]:
    return list(project.budget_items.order_by("date", "pk"))


def updates_of(project: ImplementationProject, *, limit: int = 50) -> list[ProjectUpdate]:
    return list(project.updates.select_related("author")[:limit])


def sub_projects(project: ImplementationProject, user) -> list[ImplementationProject]:
    return list(with_lateness(visible_projects(user).filter(parent=project)).order_by("pk"))


# --- Where projects come from ----------------------------------------------------------------------------------------


def closed_decisions(challenge):
    """The challenge's decisions whose result is published: their winners can become projects."""
    from cocreate.decisions.models import Decision

    return list(Decision.objects.filter(challenge=challenge, results=Decision.Results.PUBLISHED).order_by("pk"))


def selected_without_implementation(decision) -> list:
    """The projects the decision selected that have no implementation project yet, neither themselves nor the item
    they came from."""
    made_for = set(
        ImplementationProject.objects.filter(decision_project__decision=decision).values_list(
            "decision_project_id", flat=True
        )
    )
    sources = set(
        ImplementationProject.objects.filter(source_id__isnull=False).values_list("source_label", "source_id")
    )
    waiting = []
    for project in decision.projects.filter(selected=True).order_by("budget__position", "position", "pk"):
        if project.pk in made_for:
            continue
        source = project.source
        if source is not None and (source._meta.label_lower, source.pk) in sources:
            continue
        waiting.append(project)
    return waiting


def selected_without_implementation_in(challenge) -> list:
    """The challenge's selected designs (and other items whose app names a selected status) that have no
    implementation project yet: those selected outside a decision, or before the decision's winners were made
    projects."""
    from django.apps import apps

    from cocreate.decisions.sources import ballot_sources

    items = []
    for source in ballot_sources():
        if not source.selected_status:
            continue
        model = apps.get_model(source.model)
        made = ImplementationProject.objects.filter(source_label=model._meta.label_lower).values("source_id")
        items.extend(
            model._default_manager.filter(challenge=challenge, status=source.selected_status, is_hidden=False)
            .exclude(pk__in=made)
            .order_by("pk")
        )
    return items


def selected_item(challenge, label: str, pk: int):
    """One of :func:`selected_without_implementation_in`, addressed as ``app_label.model`` and pk; None if not."""
    return next(
        (i for i in selected_without_implementation_in(challenge) if (i._meta.label_lower, i.pk) == (label, pk)),
        None,
    )


def source_item(challenge, label: str, pk: int):
    """The challenge's design (or other item that can be selected), whatever its status, addressed as
    ``app_label.model`` and pk; None when the challenge has none such (or it is hidden by moderation)."""
    from django.apps import apps

    from cocreate.decisions.sources import ballot_sources

    for source in ballot_sources():
        model = apps.get_model(source.model)
        if source.selected_status and model._meta.label_lower == label.lower():
            return model._default_manager.filter(challenge=challenge, pk=pk, is_hidden=False).first()
    return None


def implementation_of(item) -> ImplementationProject | None:
    return ImplementationProject.objects.filter(source_label=item._meta.label_lower, source_id=item.pk).first()


def is_selected(item) -> bool:
    """Whether the item has the status its app gives a selected item (designs and ideas register it)."""
    from cocreate.decisions.sources import ballot_source

    source = ballot_source(type(item))
    return source is not None and bool(source.selected_status) and item.status == source.selected_status


def estimated_cost_of(item, *, fallback: Decimal | None = None) -> Decimal | None:
    """What the design (or idea) estimated it would cost, as its app says; else ``fallback``."""
    from cocreate.decisions.sources import ballot_source

    source = ballot_source(type(item)) if item is not None else None
    cost = source.cost(item) if source is not None else None
    return Decimal(cost) if cost is not None else fallback


def summary_of(item) -> str:
    if item is None:
        return ""
    return str(getattr(item, "summary", "") or getattr(item, "description", ""))[:5000]


# --- Feeds -----------------------------------------------------------------------------------------------------------


def feed_projects(user, *, challenge=None) -> QuerySet[ImplementationProject]:
    projects = visible_projects(user).select_related("challenge").prefetch_related("children")
    if challenge is not None:
        projects = projects.filter(challenge=challenge)
    return with_lateness(projects).order_by("pk")


def feed_milestones(user, *, challenge=None) -> QuerySet[Milestone]:
    milestones = Milestone.objects.filter(project__in=visible_projects(user).values("pk")).select_related("project")
    if challenge is not None:
        milestones = milestones.filter(project__challenge=challenge)
    return milestones.order_by("planned_on", "pk")


# --- Personal data ---------------------------------------------------------------------------------------------------

PERSONAL_DATA_COVERS = (
    "delivery.ImplementationProject.author",
    "delivery.Milestone.created_by",
    "delivery.BudgetItem.created_by",
    "delivery.ProjectUpdate.author",
)


def personal_data(user) -> dict:
    """What an official recorded in delivery: the projects they made, the milestones, budget lines and updates."""
    return {
        "projects_made": [
            {"id": p.pk, "title": p.title, "created_at": p.created_at.isoformat()}
            for p in ImplementationProject.objects.filter(author=user).order_by("pk")
        ],
        "milestones_recorded": [
            {"project": m.project_id, "title": m.title, "planned_on": m.planned_on.isoformat()}
            for m in Milestone.objects.filter(created_by=user).order_by("pk")
        ],
        "budget_lines_recorded": [
            {"project": i.project_id, "description": i.description, "amount": str(i.amount), "kind": i.kind}
            for i in BudgetItem.objects.filter(created_by=user).order_by("pk")
        ],
        "updates_posted": [
            {"project": u.project_id, "body": u.body, "created_at": u.created_at.isoformat()}
            for u in ProjectUpdate.objects.filter(author=user).order_by("pk")
        ],
    }
