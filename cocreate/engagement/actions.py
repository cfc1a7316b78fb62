"""Every write of the engagement layer, for any contribution model.

Permissions are asked of the contribution's own app, so that each app decides when its contributions may be
supported or commented on: ``<app_label>.support_<model>``, ``comment_<model>``, ``follow_<model>``,
``answer_<model>`` (change the status with a public answer) and ``note_<model>`` (internal notes).
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from cocreate.activity.actions import activity_record
from cocreate.activity.queries import upstream
from cocreate.core.pagecache import page_changed
from cocreate.core.permissions import perm_name, require_perm
from cocreate.core.sql import add_to_counter, insert_unless_present

from .errors import (
    AlreadySupported,
    AnswerRequired,
    EmptyComment,
    NotSupported,
    ReplyToAnotherThread,
    StatusTransitionNotAllowed,
    UnknownCommentAnchor,
)
from .models import Announcement, Comment, Follow, InternalNote, Notification, Participant, StatusChange, Support
from .queries import participants
from .tasks import announce, send_notification_emails


def _where(target) -> dict:
    return {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}


@transaction.atomic
def support_add(*, user, target) -> Support:
    require_perm(user, perm_name(target, "support"), target)
    support = insert_unless_present(Support, ["target_type", "target_id", "user"], user=user, **_where(target))
    if support is None:
        raise AlreadySupported()
    add_to_counter(target, "support_count", 1)
    _follow(user, target)
    page_changed(target)
    activity_record(actor=user, verb="support.added", target=target)
    return support


@transaction.atomic
def support_remove(*, user, target) -> None:
    require_perm(user, perm_name(target, "support"), target)
    deleted, _ = Support.objects.filter(user=user, **_where(target)).delete()
    if not deleted:
        raise NotSupported()
    add_to_counter(target, "support_count", -1)
    page_changed(target)
    activity_record(actor=user, verb="support.removed", target=target)


@transaction.atomic
def comment_add(*, author, target, body: str, parent: Comment | None = None, anchor: str = "") -> Comment:
    """A comment on the contribution, or on the part of it named by ``anchor`` (a reply is about its parent's)."""
    require_perm(author, perm_name(target, "comment"), target)
    body = body.strip()
    if not body:
        raise EmptyComment()
    where = _where(target)
    if parent is not None and (parent.target_type_id, parent.target_id) != (where["target_type"].pk, target.pk):
        raise ReplyToAnotherThread()
    anchor = parent.anchor if parent is not None else anchor
    if anchor and anchor not in getattr(type(target), "comment_anchors", ()):
        raise UnknownCommentAnchor()
    comment = Comment.objects.create(author=author, parent=parent, body=body, anchor=anchor, **where)
    add_to_counter(target, "comment_count", 1)
    _follow(author, target)
    page_changed(target)
    activity_record(actor=author, verb="comment.added", target=target, data={"comment": comment.pk})
    notify(recipients=followers(target), actor=author, verb="comment.added", target=target, text=body[:300])
    return comment


def comment_visibility_changed(comment: Comment, *, visible: bool) -> None:
    """Moderation hid a comment or showed it again: the stored count is of the comments people can read."""
    add_to_counter(comment.target, "comment_count", 1 if visible else -1)
    page_changed(comment.target)


@transaction.atomic
def follow(*, user, target) -> None:
    require_perm(user, perm_name(target, "follow"), target)
    if _follow(user, target):
        page_changed(target)


@transaction.atomic
def unfollow(*, user, target) -> None:
    deleted, _ = Follow.objects.filter(user=user, **_where(target)).delete()
    if deleted:
        add_to_counter(target, "follower_count", -1)
        page_changed(target)


def follow_without_check(*, user, target) -> None:
    """For other actions that make a person follow what they created (inside their own transaction)."""
    if _follow(user, target):
        page_changed(target)


def _follow(user, target) -> bool:
    """Whether the person follows the target now and did not before (the action then calls ``page_changed``)."""
    if insert_unless_present(Follow, ["target_type", "target_id", "user"], user=user, **_where(target)):
        add_to_counter(target, "follower_count", 1)
        return True
    return False


@transaction.atomic
def status_change(*, actor, target, status: str, answer: str = "", check_permission: bool = True) -> StatusChange:
    """Change a contribution's public status with an answer; the author, supporters and followers are told.

    The contribution model's ``workflow`` says which status may follow which, and which need an answer.
    """
    if check_permission:
        require_perm(actor, perm_name(target, "answer"), target)
    workflow = type(target).workflow
    target = type(target)._default_manager.select_for_update().get(pk=target.pk)
    old = target.status
    if not workflow.allows(old, status):
        raise StatusTransitionNotAllowed(workflow.label(old), workflow.label(status))
    answer = answer.strip()
    if status in workflow.answer_required and not answer:
        raise AnswerRequired()
    change = StatusChange.objects.create(
        actor=actor, old_status=old, new_status=status, answer=answer, **_where(target)
    )
    target.status = status
    target.status_changed_at = timezone.now()
    target.save(update_fields=["status", "status_changed_at", "updated_at"])
    page_changed(target)
    activity_record(actor=actor, verb="status.changed", target=target, data={"from": old, "to": status})
    recipients = {target.author_id, *followers(target), *supporters(target)}
    notify(recipients=recipients, actor=actor, verb="status.changed", target=target, text=answer[:300])
    notify_upstream(actor=actor, target=target, verb="lineage.status_changed", text=answer[:300], told=recipients)
    return change


@transaction.atomic
def note_add(*, author, target, body: str) -> InternalNote:
    require_perm(author, perm_name(target, "note"), target)
    body = body.strip()
    if not body:
        raise EmptyComment()
    return InternalNote.objects.create(author=author, body=body, **_where(target))


def followers(target) -> set[int]:
    return set(Follow.objects.filter(**_where(target)).values_list("user_id", flat=True))


def supporters(target) -> set[int]:
    return set(Support.objects.filter(**_where(target)).values_list("user_id", flat=True))


def notify(*, recipients, actor, verb: str, target, text: str = "", url: str = "") -> list[Notification]:
    """In-app notifications for everyone concerned but the actor; e-mail copies are sent after commit. ``url``
    points somewhere more precise than the target's page (what changed in it, say)."""
    actor_id = getattr(actor, "pk", None)
    return _write_notifications(
        sorted(set(recipients) - {actor_id, None}),
        actor_id=actor_id,
        verb=verb,
        target=target,
        text=text,
        url=url or target.get_absolute_url(),
    )


def _write_notifications(recipient_ids, *, actor_id, verb: str, target, text: str, url: str) -> list[Notification]:
    where = _where(target)
    label = str(target)[:300]
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            actor_id=actor_id,
            verb=verb,
            target_label=label,
            target_url=url,
            text=text,
            **where,
        )
        for user_id in recipient_ids
    )
    ids = [n.pk for n in notifications]  # SQLite and PostgreSQL both return the new ids
    if ids:
        transaction.on_commit(lambda: send_notification_emails.enqueue(notification_ids=ids))
    return notifications


def notify_upstream(*, actor, target, verb: str, text: str = "", told=(), url: str = "") -> Announcement | None:
    """Tell the people who took part in ``target`` and in the items it came from what became of it: once each,
    leaving out the actor and those already ``told`` about this change (its own author, supporters and followers).

    The lineage may hold a hundred thousand people, so this only writes an announcement and queues it when the
    transaction commits; the worker writes the notifications (``announcement_deliver``). Only for items everyone may
    see: the people upstream are not all invited where the item is not public.
    """
    if not AnonymousUser().has_perm(perm_name(target, "view"), target):
        return None
    announcement = Announcement.objects.create(
        actor_id=getattr(actor, "pk", None),
        verb=verb,
        text=text,
        url=url,
        told=sorted({int(pk) for pk in told if pk is not None}),
        **_where(target),
    )
    transaction.on_commit(lambda: announce.enqueue(announcement_id=announcement.pk))
    return announcement


# Notifications written per transaction when an announcement is delivered.
ANNOUNCE_BATCH = 2_000


def announcement_deliver(announcement_id: int, *, batch: int = ANNOUNCE_BATCH) -> int:
    """The worker's part of ``notify_upstream``: work out who took part, write their notifications in batches (each
    batch commits with the announcement's progress, so a retry never notifies anyone twice) and queue their
    e-mails; the announcement is deleted at the end. Returns how many notifications were written."""
    from django.contrib.auth import get_user_model

    announcement = Announcement.objects.filter(pk=announcement_id).first()
    if announcement is None:  # delivered already
        return 0
    target = announcement.target
    if target is None:  # deleted since
        announcement.delete()
        return 0
    left_out = {*announcement.told, announcement.actor_id}
    recipients = sorted(
        pk for pk in participants([target, *upstream(target)]) if pk not in left_out and pk > announcement.done_up_to
    )
    url = announcement.url or target.get_absolute_url()
    people = get_user_model().objects.filter(is_active=True, erased_at=None)
    written = 0
    for start in range(0, len(recipients), batch):
        chunk = recipients[start : start + batch]
        with transaction.atomic():
            reachable = sorted(people.filter(pk__in=chunk).values_list("pk", flat=True))
            written += len(
                _write_notifications(
                    reachable,
                    actor_id=announcement.actor_id,
                    verb=announcement.verb,
                    target=target,
                    text=announcement.text,
                    url=url,
                )
            )
            Announcement.objects.filter(pk=announcement.pk).update(done_up_to=chunk[-1])
    announcement.delete()
    return written


@transaction.atomic
def notifications_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at=None)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def notification_settings_update(*, user, email: str):
    from .models import NotificationSettings

    settings, _ = NotificationSettings.objects.update_or_create(user=user, defaults={"email": email})
    return settings


def participant_get_or_create(*, challenge, user, token: str = "") -> Participant:
    """The signed-in person's participant in this challenge, or the pseudonym bound to an anonymous session."""
    lookup = {"user": user} if user.is_authenticated else {"token": token}
    if not user.is_authenticated and not token:
        raise ValueError("An anonymous participant needs a session token.")
    participant = Participant.objects.filter(challenge=challenge, **lookup).first()
    if participant is not None:  # every vote but a person's first
        return participant
    try:
        with transaction.atomic():
            return Participant.objects.create(challenge=challenge, **lookup)
    except IntegrityError:  # created at the same moment by a second request of the same person
        return Participant.objects.get(challenge=challenge, **lookup)


def announcements_deliver_pending() -> int:
    """Deliver every announcement still waiting, oldest first (what the worker does one task at a time); returns how
    many notifications were written."""
    return sum(announcement_deliver(pk) for pk in Announcement.objects.order_by("pk").values_list("pk", flat=True))
