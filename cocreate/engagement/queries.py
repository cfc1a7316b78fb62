"""Reads of the engagement layer: what a page about one contribution needs, in a fixed number of queries."""

import datetime as dt
import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from cocreate.core.errors import NotFound
from cocreate.core.inputs import parse_int
from cocreate.core.permissions import perm_name, require_perm
from cocreate.organisations.queries import working_days_after

from .models import Comment, Contribution, Follow, InternalNote, Notification, Participant, StatusChange, Support
from .registry import overdue_sources, participant_sources


@dataclass
class CommentNode:
    comment: Comment
    replies: list["CommentNode"] = field(default_factory=list)


def comments_in(nodes: list[CommentNode]):
    """Every comment of these threads, replies included, in reading order."""
    for node in nodes:
        yield node.comment
        yield from comments_in(node.replies)


@dataclass
class Engagement:
    supported: bool
    following: bool
    comments: list[CommentNode]
    status_history: list[StatusChange]
    notes: list[InternalNote] | None  # None for people who may not read internal notes
    comments_page: int = 1
    comments_has_next: bool = False

    @property
    def comments_has_previous(self) -> bool:
        return self.comments_page > 1

    @property
    def comment_author_ids(self) -> set[int]:
        return {comment.author_id for comment in comments_in(self.comments)}


# Top-level comment threads per page; each comes with all its replies.
THREADS_PER_PAGE = 20


def comments_page_number(value) -> int:
    """The ``?comments=`` page asked for in a URL; 1 for anything that is not a positive number."""
    number = parse_int(value)
    return min(number, 100_000) if number is not None else 1


def target_for(app_label: str, model: str, pk: int):
    """A contribution addressed in a URL; 404 for anything that is not an engagement target."""
    try:
        model_class = apps.get_model(app_label, model)
    except LookupError:
        raise NotFound() from None
    if not issubclass(model_class, Contribution):
        raise NotFound()
    # The permission rules of a contribution in a challenge read the challenge: load it in the same query.
    in_challenge = any(field.name == "challenge" for field in model_class._meta.concrete_fields)
    targets = model_class._default_manager.select_related("challenge") if in_challenge else model_class._default_manager
    try:
        return targets.get(pk=pk)
    except model_class.DoesNotExist:
        raise NotFound() from None


def comment_counts_by_anchor(target) -> dict[str, int]:
    """How many visible comments each part of the contribution has (the whole under "")."""
    rows = (
        Comment.objects.filter(**_where_target(target), is_hidden=False)
        .values_list("anchor")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def _where_target(target) -> dict:
    return {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}


def visible_comment(pk: int) -> Comment | None:
    """A comment not hidden by moderation, with its author."""
    return Comment.objects.select_related("author").filter(pk=pk, is_hidden=False).first()


def comment_to_reply_to(pk: int, user) -> Comment:
    """A visible comment on a contribution the person may comment on; 404 or 403 otherwise."""
    comment = visible_comment(pk)
    target = comment.target if comment is not None else None
    if target is None or getattr(target, "is_hidden", False):
        raise NotFound()
    require_perm(user, perm_name(target, "comment"), target)
    return comment


def _thread_comments(
    target_type: ContentType, target_id: int, page: int, anchor: str = ""
) -> tuple[list[Comment], bool]:
    """One page of top-level threads (oldest first) with every reply beneath them, in one query.

    The page's threads are the comments without a parent, counted whether hidden or not; a recursive query then
    collects their replies at any depth. One thread more than a page is read to know whether a next page exists.
    """
    sql = (
        "WITH RECURSIVE roots(id) AS ("
        "SELECT id FROM engagement_comment WHERE target_type_id = %s AND target_id = %s AND anchor = %s "
        "AND parent_id IS NULL "
        "ORDER BY created_at, id LIMIT %s OFFSET %s), "
        "thread(id) AS (SELECT id FROM roots UNION ALL "
        "SELECT c.id FROM engagement_comment c INNER JOIN thread t ON c.parent_id = t.id) "
        "SELECT id FROM thread"
    )
    params = (target_type.pk, target_id, anchor, THREADS_PER_PAGE + 1, (page - 1) * THREADS_PER_PAGE)
    threads = RawSQL(sql, params)  # noqa: S611
    comments = list(Comment.objects.filter(id__in=threads).select_related("author"))
    roots = [c for c in comments if c.parent_id is None]
    has_next = len(roots) > THREADS_PER_PAGE
    if has_next:
        # The extra thread only told that there is a next page: drop it and its replies.
        dropped = {max(roots, key=lambda c: (c.created_at, c.pk)).pk}
        kept = []
        for comment in comments:  # ordered by creation: a reply comes after its parent
            if comment.pk in dropped or comment.parent_id in dropped:
                dropped.add(comment.pk)
            else:
                kept.append(comment)
        comments = kept
    return comments, has_next


def engagement_for(
    target, *, user, with_notes: bool = False, comments_page: int = 1, comments_anchor: str = ""
) -> Engagement:
    """What a contribution's page shows; comments come as one page of top-level threads with their replies (those
    about the whole contribution, or about the part ``comments_anchor`` names)."""
    where = {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}
    signed_in = user.is_authenticated
    comments_page = max(1, comments_page)
    if target.comment_count or comments_page > 1:
        comments, has_next = _thread_comments(where["target_type"], target.pk, comments_page, comments_anchor)
    else:
        comments, has_next = [], False  # the stored count says there is nothing to read
    nodes = {}
    roots = []
    for comment in comments:
        if comment.is_hidden:
            continue  # a visible reply to a hidden comment stands on its own, as before
        node = nodes[comment.pk] = CommentNode(comment)
        parent = nodes.get(comment.parent_id)
        (parent.replies if parent else roots).append(node)
    return Engagement(
        supported=signed_in and Support.objects.filter(user=user, **where).exists(),
        following=signed_in and Follow.objects.filter(user=user, **where).exists(),
        comments=roots,
        status_history=list(StatusChange.objects.filter(**where).select_related("actor")),
        notes=list(InternalNote.objects.filter(**where).select_related("author")) if with_notes else None,
        comments_page=comments_page,
        comments_has_next=has_next,
    )


def follows(user, target) -> bool:
    """Whether the person follows this item (a contribution or a challenge)."""
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(
        user=user, target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).exists()


def supports(user, model, pk: int) -> bool:
    """Whether the person supports this contribution (one query, without loading it)."""
    target_type = ContentType.objects.get_for_model(model)
    return Support.objects.filter(user=user, target_type=target_type, target_id=pk).exists()


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


def participant_find(*, challenge, user, token: str = "") -> Participant | None:
    if user.is_authenticated:
        return Participant.objects.filter(challenge=challenge, user=user).first()
    if not token:
        return None
    return Participant.objects.filter(challenge=challenge, token=token).first()


def session_token(session) -> str:
    """The pseudonymous participant token of an anonymous visitor, created on first use."""
    token = session.get("participant_token")
    if token is None:
        token = secrets.token_urlsafe(24)
        session["participant_token"] = token
    return hashlib.sha256(token.encode()).hexdigest()


def answer_due_for(contribution: Contribution) -> dt.date | None:
    """When the contribution's answer is due: its response commitment in the organisation's working days from the
    day it was made; None when its model or its challenge promises no answer."""
    days = contribution.response_commitment_days()
    if days is None:
        return None
    return working_days_after(contribution.organisation, timezone.localdate(contribution.created_at), days)


@dataclass(frozen=True)
class OverdueList:
    items: list[Contribution]  # of every registered type, oldest due first
    is_complete: bool  # False when there were more than the limit


def overdue_in_department(user, department, *, limit: int = 200) -> OverdueList:
    """Every contribution of the department that waits for an answer past its due date and the person may see."""
    items = []
    for source in overdue_sources:
        items.extend(source.items(user, department)[: limit + 1])
    items.sort(key=lambda item: (item.answer_due, item.created_at, item._meta.label, item.pk))
    return OverdueList(items=items[:limit], is_complete=len(items) <= limit)


def participants(items) -> set[int]:
    """Who took part in these items, as user ids: the authors, supporters, followers and commenters of the
    contributions among them, and whoever the apps' registered sources name (voters, amenders, volunteers).

    Items that are not contributions (a challenge the lineage passes through) have no authors, supporters or
    commenters here: following a challenge is hearing about its stages, not taking part. Four queries, whatever the
    number of items, plus the sources' own.
    """
    from .models import Contribution

    people: set[int] = set()
    contributions = [item for item in items if isinstance(item, Contribution)]
    if contributions:
        ids_by_type = defaultdict(list)
        for item in contributions:
            ids_by_type[ContentType.objects.get_for_model(item).pk].append(item.pk)
        where = Q()
        for type_id, ids in ids_by_type.items():
            where |= Q(target_type_id=type_id, target_id__in=ids)
        people.update(item.author_id for item in contributions)
        people.update(Support.objects.filter(where).values_list("user_id", flat=True))
        people.update(Follow.objects.filter(where).values_list("user_id", flat=True))
        people.update(Comment.objects.filter(where, is_hidden=False).values_list("author_id", flat=True))
    for source in participant_sources:
        people.update(source(items))
    people.discard(None)
    return people


def open_to_visitors(challenge) -> bool:
    """Whether the stage running now lets visitors without an account take part under a pseudonym: a stage type that
    allows it has a setting ``open_to_visitors`` in its settings model."""
    stage = challenge.active_stage()
    return stage is not None and bool(getattr(stage.settings, "open_to_visitors", False))


def supported_by(person, visible, *, limit: int) -> list:
    """For a profile: of the ``visible`` contributions (those the viewer may see), the ones ``person`` supports."""
    supports = Support.objects.filter(user=person, target_type=ContentType.objects.get_for_model(visible.model))
    return list(visible.filter(pk__in=supports.values("target_id")).order_by("-pk")[:limit])


def commented_on_by(person, visible, *, limit: int) -> list:
    """For a profile: of the ``visible`` contributions, the ones ``person`` commented on (comments not hidden)."""
    comments = Comment.objects.filter(
        author=person, is_hidden=False, target_type=ContentType.objects.get_for_model(visible.model)
    )
    return list(visible.filter(pk__in=comments.values("target_id")).order_by("-pk")[:limit])
