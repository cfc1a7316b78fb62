"""Notification e-mails. Tasks take ids and skip what was already sent, so a retry never sends twice."""

import email.policy

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cocreate.core.mail import LINE_LIMIT

from . import mailmerge

UNSUBSCRIBE_SALT = "cocreate.engagement.unsubscribe"


def unsubscribe_url(user_id: int) -> str:
    token = signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT)
    return settings.COCREATE_BASE_URL + reverse("engagement:unsubscribe", kwargs={"token": token})


# Notifications e-mailed per transaction and SMTP connection: large enough that a hundred thousand recipients cost
# a few hundred round trips, small enough that a failed send repeats little.
EMAIL_BATCH = 500
# A digest lists at most this many notifications; the rest wait for the next day's.
DIGEST_LIMIT = 200


def _message(person: mailmerge.Person, language: str, notifications, subject: str) -> EmailMessage:
    with translation.override(language):
        body = render_to_string(
            "engagement/email/notifications.txt",
            {
                "name": person.name,
                "notifications": notifications,
                "base_url": settings.COCREATE_BASE_URL,
                "unsubscribe_url": person.unsubscribe_url,
                "settings_url": settings.COCREATE_BASE_URL + reverse("engagement:settings"),
            },
        )
        return EmailMessage(
            subject=str(subject),
            body=body,
            to=[person.email],
            headers={
                "List-Unsubscribe": f"<{person.unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )


# What an e-mail reads of a notification, its recipient and its actor (a hundred thousand rows load faster without
# the rest).
PERSON_FIELDS = ("email", "display_name", "erased_at", "is_active", "preferred_language")
NOTIFICATION_FIELDS = (
    "actor_id",
    "recipient_id",
    "verb",
    "target_label",
    "target_url",
    "text",
    *(f"recipient__{name}" for name in PERSON_FIELDS),
    *(f"actor__{name}" for name in PERSON_FIELDS),
)


def _content(notification) -> tuple:
    """What an e-mail shows of a notification: the same for two people, the same lines in their e-mails."""
    return (
        notification.actor_id,
        notification.verb,
        notification.target_label,
        notification.target_url,
        notification.text,
    )


def _person(user) -> mailmerge.Person:
    return mailmerge.Person(name=str(user.public_name), email=user.email, unsubscribe_url=unsubscribe_url(user.pk))


# How the SMTP backend serialises a message (``core.mail``): merged copies are serialised the same way.
SMTP_POLICY = email.policy.SMTP.clone(max_line_length=LINE_LIMIT)


def _wants_email_now(user) -> bool:
    from .models import NotificationSettings

    preference = getattr(user, "notification_settings", None)
    choice = preference.email if preference else NotificationSettings.Email.IMMEDIATELY
    return choice == NotificationSettings.Email.IMMEDIATELY and user.is_active and not user.is_erased


@task
def send_notification_emails(*, notification_ids: list[int]) -> int:
    """E-mail each notification to recipients who want e-mail immediately; returns how many were sent."""
    sent = 0
    ids = sorted(set(notification_ids))
    for start in range(0, len(ids), EMAIL_BATCH):
        sent += _send_batch(ids[start : start + EMAIL_BATCH])
    return sent


def _send_batch(ids: list[int]) -> int:
    """Claim the batch's unsent notifications (rows another worker holds are skipped: it sends them), mark them
    sent and send them over one connection, in one transaction: a failed send leaves them unsent for a retry."""
    from .models import Notification

    with transaction.atomic():
        pending = [
            notification
            for notification in Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=ids, emailed_at=None)
            .select_related("recipient", "recipient__notification_settings", "actor")
            .only(*NOTIFICATION_FIELDS, "recipient__notification_settings__email")
            .order_by("pk")
            if _wants_email_now(notification.recipient)
        ]
        if not pending:
            return 0
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
        # The same news in the same language is one message merged for each person (see ``mailmerge``).
        groups: dict[tuple, list] = {}
        for notification in pending:
            key = (notification.recipient.preferred_language, _content(notification))
            groups.setdefault(key, []).append(notification)
        messages = []
        for (language, _news), group in groups.items():
            with translation.override(language):
                subject = _("News about “%(title)s”") % {"title": group[0].target_label}

            def build(person, language=language, group=group, subject=subject):
                return _message(person, language, group[:1], subject)

            messages.extend(mailmerge.merge(build, [_person(n.recipient) for n in group], policy=SMTP_POLICY))
        mailers.default.send_messages(messages)
    return len(messages)


@task
def send_daily_digests() -> int:
    """One e-mail per person who asked for a daily digest, with everything not yet e-mailed (at most
    ``DIGEST_LIMIT`` notifications each; the rest go the next day). The first ``EMAIL_BATCH`` people are sent theirs
    here, the others in tasks of that many each, so that every worker helps; returns how many were sent here."""
    from .models import NotificationSettings

    people = (
        NotificationSettings.objects.filter(email=NotificationSettings.Email.DAILY, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    user_ids = list(people)
    for start in range(EMAIL_BATCH, len(user_ids), EMAIL_BATCH):
        send_digests.enqueue(user_ids=user_ids[start : start + EMAIL_BATCH])
    return _send_digests(user_ids[:EMAIL_BATCH]) if user_ids else 0


@task
def send_digests(*, user_ids: list[int]) -> int:
    """The daily digests of these people (a part of ``send_daily_digests``); a retry sends none twice."""
    return _send_digests(user_ids)


def _send_digests(user_ids: list[int]) -> int:
    from .models import Notification

    with transaction.atomic():
        pending = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(recipient_id__in=user_ids, emailed_at=None)
            .select_related("recipient", "actor")
            .only(*NOTIFICATION_FIELDS, "created_at")
            .order_by("recipient_id", "created_at", "pk")
        )
        by_person: dict[int, list] = {}
        for notification in pending:
            waiting = by_person.setdefault(notification.recipient_id, [])
            if len(waiting) < DIGEST_LIMIT:
                waiting.append(notification)
        if not by_person:
            return 0
        Notification.objects.filter(pk__in=[n.pk for waiting in by_person.values() for n in waiting]).update(
            emailed_at=timezone.now()
        )
        # People whose digests tell the same news in the same language get one message merged for each.
        groups: dict[tuple, list] = {}
        for waiting in by_person.values():
            key = (waiting[0].recipient.preferred_language, *(_content(n) for n in waiting))
            groups.setdefault(key, []).append(waiting)
        messages = []
        for (language, *_news), digests in groups.items():
            with translation.override(language):
                subject = _("Your daily news from %(site)s") % {"site": settings.SITE_NAME}

            def build(person, language=language, waiting=digests[0], subject=subject):
                return _message(person, language, waiting, subject)

            people = [_person(waiting[0].recipient) for waiting in digests]
            messages.extend(mailmerge.merge(build, people, policy=SMTP_POLICY))
        mailers.default.send_messages(messages)
    return len(messages)


@task
def announce(*, announcement_id: int) -> int:
    """Write the notifications of one announcement (see ``Announcement``) and queue their e-mails; returns how many
    were written."""
    from .actions import announcement_deliver

    return announcement_deliver(announcement_id)
