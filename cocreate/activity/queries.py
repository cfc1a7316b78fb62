"""Reads of the activity log and of the lineage (journeys)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from cocreate.core.permissions import perm_name

from .link_kinds import kinds_where_target_came_first, link_kind
from .models import Activity, Link

JOURNEY_MAX_ITEMS = 100
JOURNEY_MAX_DEPTH = 10
# Bounds of the walk to the people who hear what became of what they took part in.
UPSTREAM_MAX_DEPTH = 4
UPSTREAM_MAX_ITEMS = 200


def public_activity_for(target, *, limit: int = 20) -> list[Activity]:
    return list(
        Activity.objects.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk, is_public=True
        ).select_related("actor")[:limit]
    )


def activity_log(*, organisation_ids: list[int] | None = None, verb: str = "", limit: int = 200):
    """The full log for administrators: everything, or everything about their organisations."""
    entries = Activity.objects.select_related("actor", "organisation", "target_type")
    if organisation_ids is not None:
        entries = entries.filter(organisation_id__in=organisation_ids)
    if verb:
        entries = entries.filter(verb=verb)
    return entries


@dataclass(frozen=True)
class JourneyStep:
    item: object
    incoming: list[tuple[str, object]]  # (the link read from this item, the source item): “was framed from” …
    outgoing: list[tuple[str, object]]  # (the link read from this item, the target item): “was framed as” …


Key = tuple[int, int]  # (content type id, object id)


def _key(item) -> Key:
    return ContentType.objects.get_for_model(item).pk, item.pk


def _ends_condition(ends: set[Key], side: str) -> Q:
    """Links whose ``side`` (source or target) is one of ``ends``: one condition per content type."""
    by_type = defaultdict(list)
    for type_id, object_id in ends:
        by_type[type_id].append(object_id)
    condition = Q()
    for type_id, ids in by_type.items():
        condition |= Q(**{f"{side}_type_id": type_id, f"{side}_id__in": ids})
    return condition


def _walk(root: Key, *, upstream: bool, max_depth: int, max_items: int) -> tuple[list[Link], list[Key]]:
    """Follow the lineage from ``root`` towards what came first (``upstream``) or what came of it, one query per hop.

    Returns the links followed and the items reached, nearest first (``root`` left out).
    """
    target_first = kinds_where_target_came_first()
    seen = {root}
    reached: list[Key] = []
    followed: list[Link] = []
    frontier = {root}
    for _depth in range(max_depth):
        if not frontier or len(reached) >= max_items:
            break
        # From the later item of a link to the earlier one (upstream), or the reverse.
        later_is_target = _ends_condition(frontier, "target" if upstream else "source") & ~Q(kind__in=target_first)
        later_is_source = _ends_condition(frontier, "source" if upstream else "target") & Q(kind__in=target_first)
        current, frontier = frontier, set()
        for link in Link.objects.filter(later_is_target | later_is_source).order_by("pk"):
            source, target = (link.source_type_id, link.source_id), (link.target_type_id, link.target_id)
            earlier, later = (target, source) if link.kind in target_first else (source, target)
            here, there = (later, earlier) if upstream else (earlier, later)
            if here not in current:
                continue
            if there not in seen:
                if len(reached) >= max_items:
                    break
                seen.add(there)
                reached.append(there)
                frontier.add(there)
            followed.append(link)
    return followed, reached


def journey(root, *, user) -> list[JourneyStep]:
    """What ``root`` came from and what came of it, directly or through others, in lifecycle order.

    Follows the lineage both ways from ``root`` — towards what came first, and towards what came of it — but not
    sideways: the journey of an idea shows its challenge and the problems the challenge was framed from, not the
    challenge's other ideas. One query per hop. Items the viewer may not see are left out.
    """
    key = _key(root)
    links_up, up = _walk(key, upstream=True, max_depth=JOURNEY_MAX_DEPTH, max_items=JOURNEY_MAX_ITEMS)
    links_down, down = _walk(key, upstream=False, max_depth=JOURNEY_MAX_DEPTH, max_items=JOURNEY_MAX_ITEMS)
    items = _load([*up, *down])
    items[key] = root
    visible = {k: item for k, item in items.items() if _can_view(user, item)}
    steps = {k: JourneyStep(item, [], []) for k, item in visible.items()}
    for link in {link.pk: link for link in [*links_up, *links_down]}.values():
        source, target = (link.source_type_id, link.source_id), (link.target_type_id, link.target_id)
        if source in steps and target in steps:
            kind = link_kind(link.kind)
            steps[source].outgoing.append((str(kind.outgoing) if kind else link.kind, visible[target]))
            steps[target].incoming.append((str(kind.incoming) if kind else link.kind, visible[source]))
    return sorted(
        steps.values(),
        key=lambda step: (getattr(step.item, "lifecycle_step", 99), getattr(step.item, "created_at", None) or 0),
    )


def journey_stages(steps: list[JourneyStep], root) -> list[dict]:
    """The steps of a journey in runs of one kind (the problems, then the challenge, then its ideas…), for a
    timeline: each run with its label (the model's plural name) and whether it holds ``root``."""
    stages: list[dict] = []
    for step in steps:
        meta = step.item._meta
        if not stages or stages[-1]["model"] != meta.label:
            stages.append({"model": meta.label, "label": meta.verbose_name_plural, "steps": [], "current": False})
        stages[-1]["steps"].append(step)
        stages[-1]["current"] = stages[-1]["current"] or step.item == root
    return stages


def upstream(item, *, max_depth: int = UPSTREAM_MAX_DEPTH, max_items: int = UPSTREAM_MAX_ITEMS) -> list:
    """The items ``item`` came from, nearest first: for an idea, its challenge, then the problems the challenge was
    framed from or collected, then the duplicates merged into those. One query per hop, then one per model."""
    _links, keys = _walk(_key(item), upstream=True, max_depth=max_depth, max_items=max_items)
    items = _load(keys)
    return [items[key] for key in keys if key in items]


def _load(keys) -> dict:
    by_type = defaultdict(list)
    for type_id, object_id in keys:
        by_type[type_id].append(object_id)
    items = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for obj in model._default_manager.filter(pk__in=ids):
            items[(type_id, obj.pk)] = obj
    return items


def _can_view(user, item) -> bool:
    return user.has_perm(perm_name(item, "view"), item)


def recent_entry_count(*, organisation_ids: list[int] | None, hours: int = 24) -> int:
    """How many entries the log gained in the last ``hours`` (about the given organisations; None: all)."""
    entries = Activity.objects.filter(created_at__gte=timezone.now() - dt.timedelta(hours=hours))
    if organisation_ids is not None:
        entries = entries.filter(organisation_id__in=organisation_ids)
    return entries.count()
