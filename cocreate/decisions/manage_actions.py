"""Every write officials make to set up a decision: its settings, budgets, projects on the ballot and voting codes.
Paper ballots are in ``paper.py``. Each action checks ``decisions.manage_decision`` and runs in one transaction."""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max

from cocreate.activity.actions import activity_record
from cocreate.core.permissions import require_perm

from . import codes, manage_queries, sources
from .errors import (
    BatchSizeOutOfRange,
    BudgetHasBallots,
    CodesNotTaken,
    NotACandidate,
    ProjectOnBallots,
    SettingsLocked,
)
from .models import Budget, Decision, Project, VotingCode, VotingCodeBatch

MANAGE = "decisions.manage_decision"

# What a cast ballot means depends on these: they cannot change once a ballot exists.
BALLOT_MEANING_FIELDS = (
    "method",
    "ballot_type",
    "min_choices",
    "max_choices",
    "points_per_voter",
    "max_points_per_project",
    "min_budget_share",
    "budget_rule",
)
SETTINGS_FIELDS = (
    "title",
    "description",
    *BALLOT_MEANING_FIELDS,
    "rule",
    "voters",
    "min_age",
    "eligibility",
    "live_counts",
    "public",
)
PROJECT_FIELDS = ("title", "description", "cost", "district", "category", "budget")
BATCH_MAX = 10_000


@transaction.atomic
def decision_settings_update(*, actor, decision: Decision, **values) -> Decision:
    """Save the decision's settings; those in ``BALLOT_MEANING_FIELDS`` only while no ballot has been cast."""
    require_perm(actor, MANAGE, decision)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"Not a setting of a decision: {sorted(unknown)}")
    changed = [name for name, value in values.items() if getattr(decision, name) != value]
    if any(name in BALLOT_MEANING_FIELDS for name in changed) and manage_queries.has_ballots(decision):
        raise SettingsLocked()
    for name in changed:
        setattr(decision, name, values[name])
    if changed:
        decision.save(update_fields=changed)
        activity_record(
            actor=actor, verb="decision.settings_changed", target=decision, public=False, data={"changed": changed}
        )
    return decision


# --- Budgets ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def budget_create(*, actor, decision: Decision, name: str, amount: Decimal, district: str = "") -> Budget:
    require_perm(actor, MANAGE, decision)
    position = (decision.budgets.aggregate(last=Max("position"))["last"] or 0) + 1
    budget = Budget.objects.create(
        decision=decision, name=name.strip(), amount=amount, district=district.strip(), position=position
    )
    activity_record(actor=actor, verb="decision.budget_added", target=decision, public=False, data={"budget": name})
    return budget


@transaction.atomic
def budget_update(*, actor, budget: Budget, name: str, amount: Decimal, district: str = "") -> Budget:
    """Rename a budget or change its district at any time; its amount only while no ballot is cast in it (a budget
    ballot's validity depends on it)."""
    require_perm(actor, MANAGE, budget.decision)
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    if Decimal(amount) != budget.amount and manage_queries.budget_has_ballots(budget):
        raise BudgetHasBallots()
    budget.name, budget.amount, budget.district = name.strip(), amount, district.strip()
    budget.save(update_fields=["name", "amount", "district"])
    activity_record(
        actor=actor, verb="decision.budget_changed", target=budget.decision, public=False, data={"budget": name}
    )
    return budget


@transaction.atomic
def budget_delete(*, actor, budget: Budget) -> None:
    """Remove a budget and its projects, while no ballot is cast in it."""
    decision = budget.decision
    require_perm(actor, MANAGE, decision)
    if manage_queries.budget_has_ballots(budget):
        raise BudgetHasBallots()
    name = budget.name
    budget.delete()
    activity_record(actor=actor, verb="decision.budget_removed", target=decision, public=False, data={"budget": name})


# --- Projects on the ballot ------------------------------------------------------------------------------------------


def _check_budget(decision: Decision, budget: Budget) -> None:
    if budget.decision_id != decision.pk:
        raise NotACandidate()


def _next_position(budget: Budget) -> int:
    return (budget.projects.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def project_create(
    *,
    actor,
    decision: Decision,
    budget: Budget,
    title: str,
    cost: Decimal,
    description: str = "",
    district: str = "",
    category: str = "",
) -> Project:
    """A project an official puts on the ballot directly, without a design or an idea behind it."""
    require_perm(actor, MANAGE, decision)
    _check_budget(decision, budget)
    project = Project.objects.create(
        decision=decision,
        budget=budget,
        title=title.strip(),
        description=description.strip(),
        cost=cost,
        district=district.strip(),
        category=category.strip(),
        position=_next_position(budget),
        added_by=actor,
    )
    activity_record(actor=actor, verb="decision.project_added", target=project, organisation=decision.organisation)
    return project


@transaction.atomic
def project_add_from_source(*, actor, decision: Decision, budget: Budget, item, cost: Decimal | None = None) -> Project:
    """Put one of the challenge's designs or ideas on the ballot: its title and summary, and its estimated cost
    unless ``cost`` is given (officials correct it afterwards). The project keeps its source, the lineage that the
    count's outcome follows back."""
    require_perm(actor, MANAGE, decision)
    _check_budget(decision, budget)
    source = sources.ballot_source(item)
    if source is None or decision.challenge is None:
        raise NotACandidate()
    if not source.candidates(decision.challenge).filter(pk=item.pk).exists():
        raise NotACandidate()
    if cost is None:
        cost = source.cost(item)
    description = getattr(item, "summary", None) or getattr(item, "description", "") or ""
    try:
        with transaction.atomic():
            project = Project.objects.create(
                decision=decision,
                budget=budget,
                title=str(item.title)[:200],
                description=str(description)[:3000],
                cost=cost if cost is not None else Decimal(0),
                source_type=ContentType.objects.get_for_model(item),
                source_id=item.pk,
                position=_next_position(budget),
                added_by=actor,
            )
    except IntegrityError:  # already on this decision's ballot
        raise NotACandidate() from None
    activity_record(actor=actor, verb="decision.project_added", target=project, organisation=decision.organisation)
    return project


@transaction.atomic
def project_update(*, actor, project: Project, **values) -> Project:
    """Change a project's title, text, cost, district, category or budget while no ballot names it."""
    decision = project.decision
    require_perm(actor, MANAGE, decision)
    unknown = set(values) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of a project: {sorted(unknown)}")
    project = Project.objects.select_for_update().get(pk=project.pk)
    if "budget" in values:
        _check_budget(decision, values["budget"])
    changed = [name for name, value in values.items() if getattr(project, name) != value]
    if not changed:
        return project
    if manage_queries.project_on_ballots(project):
        raise ProjectOnBallots()
    for name in changed:
        value = values[name]
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    project.save(update_fields=changed)
    activity_record(
        actor=actor,
        verb="decision.project_changed",
        target=project,
        organisation=decision.organisation,
        public=False,
        data={"changed": changed},
    )
    return project


@transaction.atomic
def project_remove(*, actor, project: Project) -> None:
    decision = project.decision
    require_perm(actor, MANAGE, decision)
    if manage_queries.project_on_ballots(project):
        raise ProjectOnBallots()
    title = project.title
    project.delete()
    activity_record(
        actor=actor, verb="decision.project_removed", target=decision, public=False, data={"project": title}
    )


# --- Voting codes ----------------------------------------------------------------------------------------------------


@transaction.atomic
def code_batch_create(
    *, actor, decision: Decision, size: int, label: str = "", district: str = ""
) -> tuple[VotingCodeBatch, list[str]]:
    """Make ``size`` single-use codes. Only their digests are stored: the plain codes are returned once, to be
    printed, and cannot be read again."""
    require_perm(actor, MANAGE, decision)
    if not decision.is_vote or decision.voters == Decision.Voters.RESIDENTS:
        raise CodesNotTaken()
    if not 1 <= size <= BATCH_MAX:
        raise BatchSizeOutOfRange()
    batch = VotingCodeBatch.objects.create(
        decision=decision, label=label.strip(), size=size, district=district.strip(), created_by=actor
    )
    plain: dict[str, str] = {}  # digest -> code
    while len(plain) < size:  # 31^12 codes make a repeat practically impossible, but not impossible
        drawn = {codes.digest(code): code for code in (codes.new_code() for _ in range(size - len(plain)))}
        taken = set(VotingCode.objects.filter(digest__in=list(drawn)).values_list("digest", flat=True))
        plain.update((digest, code) for digest, code in drawn.items() if digest not in taken)
    VotingCode.objects.bulk_create(
        [VotingCode(batch=batch, decision=decision, digest=digest) for digest in plain], batch_size=1000
    )
    activity_record(
        actor=actor,
        verb="decision.codes_generated",
        target=decision,
        public=False,
        data={"batch": batch.pk, "size": size, "label": batch.label, "district": batch.district},
    )
    return batch, list(plain.values())
