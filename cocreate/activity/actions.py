"""Writing to the activity log and the lineage. Called by other apps' actions, inside their transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .errors import LinkKindNotRegistered, LinkToItself
from .link_kinds import link_kind
from .models import Activity, Link


def activity_record(
    *, actor, verb: str, target, organisation=None, public: bool = True, data: dict | None = None
) -> Activity:
    """Append one entry. ``organisation`` defaults to the target's own organisation."""
    if organisation is not None:
        organisation_id = organisation.pk
    else:  # the target's own, by its id when it has one (without loading the organisation)
        organisation_id = getattr(target, "organisation_id", None)
        if organisation_id is None:
            organisation_id = getattr(getattr(target, "organisation", None), "pk", None)
    return Activity.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        target_label=str(target)[:300],
        organisation_id=organisation_id,
        is_public=public,
        data=data or {},
    )


@transaction.atomic
def link_create(*, source, target, kind: str, actor=None) -> Link:
    """Record a lineage link of a registered ``kind``; recording the same link twice keeps one."""
    if link_kind(kind) is None:
        raise LinkKindNotRegistered()
    source_type = ContentType.objects.get_for_model(source)
    target_type = ContentType.objects.get_for_model(target)
    if source_type == target_type and source.pk == target.pk:
        raise LinkToItself()
    link, _created = Link.objects.get_or_create(
        source_type=source_type,
        source_id=source.pk,
        target_type=target_type,
        target_id=target.pk,
        kind=kind,
        defaults={"created_by": actor if getattr(actor, "is_authenticated", False) else None},
    )
    return link
