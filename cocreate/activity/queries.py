"""Reads of the activity log and of the lineage (journeys)."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from cocreate.core.permissions import perm_name

from .models import Activity, Link

JOURNEY_MAX_ITEMS = 100


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
    incoming: list[tuple[str, object]]  # (link kind label, source item)
    outgoing: list[tuple[str, object]]  # (link kind label, target item)


def journey(root, *, user) -> list[JourneyStep]:
    """Every item linked to ``root``, directly or through others, in lifecycle order.

    Follows links both ways, breadth first, one query per hop. Items the viewer may not see are left out.
    """
    key = (ContentType.objects.get_for_model(root).pk, root.pk)
    seen = {key}
    frontier = {key}
    links: list[Link] = []
    while frontier and len(seen) < JOURNEY_MAX_ITEMS:
        condition = Q()
        for type_id, object_id in frontier:
            condition |= Q(source_type_id=type_id, source_id=object_id) | Q(target_type_id=type_id, target_id=object_id)
        hop = [link for link in Link.objects.filter(condition) if link.pk not in {x.pk for x in links}]
        links.extend(hop)
        frontier = set()
        for link in hop:
            for end in ((link.source_type_id, link.source_id), (link.target_type_id, link.target_id)):
                if end not in seen:
                    seen.add(end)
                    frontier.add(end)

    items = _load(seen)
    items[key] = root
    visible = {k: item for k, item in items.items() if _can_view(user, item)}
    steps = {k: JourneyStep(item, [], []) for k, item in visible.items()}
    for link in links:
        source, target = (link.source_type_id, link.source_id), (link.target_type_id, link.target_id)
        if source in steps and target in steps:
            label = link.get_kind_display()
            steps[source].outgoing.append((label, visible[target]))
            steps[target].incoming.append((label, visible[source]))
    return sorted(
        steps.values(),
        key=lambda step: (getattr(step.item, "lifecycle_step", 99), getattr(step.item, "created_at", None) or 0),
    )


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
