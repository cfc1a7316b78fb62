"""Reads of moderation: the items people flag, the queues, cases for moderators, suspensions."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import NotFound, NotPermitted
from cocreate.engagement.models import Comment, Contribution
from cocreate.organisations.models import Membership, Organisation
from cocreate.organisations.queries import organisation_ids_where

from .models import Case, Flag, Suspension

QUEUE_STATES = {"open": Case.State.OPEN, "decided": Case.State.DECIDED}
AUTO_HIDDEN_NOTICE = _("Several people reported this. It is hidden until a moderator has looked at it.")


def contribution_of(item):
    """The contribution an item belongs to: itself, or the one a comment was written on."""
    return item.target if isinstance(item, Comment) else item


def place_of(item) -> tuple[int, int | None]:
    """The organisation and challenge an item belongs to, as ids."""
    contribution = contribution_of(item)
    return contribution.organisation_id, getattr(contribution, "challenge_id", None)


def item_for(app_label: str, model: str, pk: int):
    """A contribution or comment addressed in a URL; 404 for anything else."""
    try:
        model_class = apps.get_model(app_label, model)
    except LookupError:
        raise NotFound() from None
    if not (issubclass(model_class, Contribution) or model_class is Comment):
        raise NotFound()
    item = model_class._default_manager.filter(pk=pk).first()
    if item is None or (model_class is Comment and item.target is None):
        raise NotFound()
    return item


def item_url(item) -> str:
    contribution = contribution_of(item)
    url = contribution.get_absolute_url()
    return f"{url}#comment-{item.pk}" if contribution is not item else url


def item_text(item) -> str:
    """What the item says, for moderators (kept in the database when hidden)."""
    if isinstance(item, Comment):
        return item.body
    for field in ("description", "body", "summary"):
        text = getattr(item, field, None)
        if isinstance(text, str) and text:
            return text
    return ""


def case_of(item) -> Case | None:
    return Case.objects.filter(target_type=ContentType.objects.get_for_model(item), target_id=item.pk).first()


def hidden_notice(item) -> str:
    """What everyone reads in place of a hidden item: the moderator's public reason."""
    case = case_of(item)
    if case is not None and case.hidden_reason:
        return case.hidden_reason
    return str(AUTO_HIDDEN_NOTICE)


def moderated_organisation_ids(user) -> list[int] | None:
    """The organisations whose items the person moderates; None means all (superusers)."""
    if getattr(user, "is_superuser", False):
        return None
    return organisation_ids_where(user, {"moderator", "admin"})


def queue_overview(user) -> list[dict]:
    """For each organisation the person moderates: its open city-wide cases and its challenges with open cases."""
    ids = moderated_organisation_ids(user)
    organisations = Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_BODY)
    if ids is not None:
        organisations = Organisation.objects.filter(pk__in=ids)
    organisations = list(organisations.order_by("name"))
    counts = (
        Case.objects.filter(organisation__in=organisations, state=Case.State.OPEN)
        .values("organisation_id", "challenge_id", "challenge__title", "challenge__slug")
        .annotate(open=Count("pk"))
        .order_by("challenge__title")
    )
    overview = {o.pk: {"organisation": o, "open": 0, "challenges": []} for o in organisations}
    for row in counts:
        entry = overview[row["organisation_id"]]
        if row["challenge_id"] is None:
            entry["open"] = row["open"]
        else:
            entry["challenges"].append({"title": row["challenge__title"], "slug": row["challenge__slug"], **row})
    return list(overview.values())


def queue(*, organisation=None, challenge=None, state: str = Case.State.OPEN) -> QuerySet[Case]:
    """A public body's city-wide queue, or a challenge's; newest activity first, with the open flags."""
    cases = Case.objects.filter(state=state)
    if challenge is not None:
        cases = cases.filter(challenge=challenge)
    else:
        cases = cases.filter(organisation=organisation, challenge__isnull=True)
    return (
        cases.select_related("author", "target_type")
        .prefetch_related(
            "target",
            Prefetch("flags", queryset=Flag.objects.select_related("user").order_by("-created_at", "-pk")),
        )
        .order_by("-updated_at", "-pk")
    )


def case_for_moderator(pk: int, user) -> Case:
    """The one way to fetch a case for a moderator: 404 when it does not exist, 403 when it is not theirs."""
    case = Case.objects.select_related("author", "organisation", "challenge", "target_type").filter(pk=pk).first()
    if case is None or case.target is None:
        raise NotFound()
    if not user.has_perm("moderation.moderate", case):
        raise NotPermitted()
    return case


def case_history(case: Case) -> dict:
    return {
        "flags": list(case.flags.select_related("user", "decision").order_by("-created_at", "-pk")),
        "decisions": list(case.decisions.select_related("moderator")),
    }


def active_suspensions(user) -> list[Suspension]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Suspension.objects.active().filter(user=user).select_related("organisation").order_by("ends_at"))


def suspensions_of(organisation) -> dict:
    suspensions = Suspension.objects.filter(organisation=organisation).select_related("user", "created_by")
    return {
        "active": list(suspensions.active().order_by("ends_at")),
        "past": list(suspensions.exclude(pk__in=suspensions.active().values("pk")).order_by("-starts_at")[:50]),
    }


def is_participant(user, organisation) -> bool:
    """The person took part in the organisation's engagements (anything in its activity log)."""
    from cocreate.activity.models import Activity

    return (
        Activity.objects.filter(actor=user, organisation=organisation).exists()
        or Case.objects.filter(Q(author=user), organisation=organisation).exists()
    )


def open_case_count(user) -> int:
    """How many cases wait for a decision in the organisations the person moderates, in one query."""
    cases = Case.objects.filter(state=Case.State.OPEN)
    ids = moderated_organisation_ids(user)
    if ids is not None:
        cases = cases.filter(organisation_id__in=ids)
    return cases.count()


def moderator_ids(organisation_id: int) -> list[int]:
    """The people who moderate the organisation's items: its moderators and administrators."""
    return list(
        Membership.objects.filter(
            organisation_id=organisation_id, role__in=[Membership.Role.MODERATOR, Membership.Role.ADMIN]
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
