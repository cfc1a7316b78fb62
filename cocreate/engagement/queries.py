"""Reads of the engagement layer: what a page about one contribution needs, in a fixed number of queries."""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from cocreate.core.errors import NotFound

from .models import Comment, Follow, InternalNote, Notification, StatusChange, Support


@dataclass
class CommentNode:
    comment: Comment
    replies: list["CommentNode"] = field(default_factory=list)


@dataclass
class Engagement:
    supported: bool
    following: bool
    comments: list[CommentNode]
    status_history: list[StatusChange]
    notes: list[InternalNote] | None  # None for people who may not read internal notes


def target_for(app_label: str, model: str, pk: int):
    """A contribution addressed in a URL; 404 for anything that is not an engagement target."""
    from .models import Contribution

    try:
        model_class = apps.get_model(app_label, model)
    except LookupError:
        raise NotFound() from None
    if not issubclass(model_class, Contribution):
        raise NotFound()
    target = model_class._default_manager.filter(pk=pk).first()
    if target is None:
        raise NotFound()
    return target


def engagement_for(target, *, user, with_notes: bool = False) -> Engagement:
    where = {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}
    signed_in = user.is_authenticated
    comments = list(Comment.objects.filter(is_hidden=False, **where).select_related("author"))
    nodes = {c.pk: CommentNode(c) for c in comments}
    roots = []
    for comment in comments:
        parent = nodes.get(comment.parent_id)
        (parent.replies if parent else roots).append(nodes[comment.pk])
    return Engagement(
        supported=signed_in and Support.objects.filter(user=user, **where).exists(),
        following=signed_in and Follow.objects.filter(user=user, **where).exists(),
        comments=roots,
        status_history=list(StatusChange.objects.filter(**where).select_related("actor")),
        notes=list(InternalNote.objects.filter(**where).select_related("author")) if with_notes else None,
    )


def supported_ids(user, model, ids) -> set[int]:
    """Which of these contributions the person supports (for lists, one query)."""
    if not user.is_authenticated:
        return set()
    return set(
        Support.objects.filter(
            user=user, target_type=ContentType.objects.get_for_model(model), target_id__in=list(ids)
        ).values_list("target_id", flat=True)
    )


def notifications_for(user, *, limit: int = 50):
    return Notification.objects.filter(recipient=user).select_related("actor")[:limit]


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at=None).count()
