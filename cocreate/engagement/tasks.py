"""Notification e-mails. Tasks take ids and skip what was already sent, so a retry never sends twice."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

UNSUBSCRIBE_SALT = "cocreate.engagement.unsubscribe"


def unsubscribe_url(user_id: int) -> str:
    token = signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT)
    return settings.COCREATE_BASE_URL + reverse("engagement:unsubscribe", kwargs={"token": token})


def _send(user, notifications, subject: str) -> None:
    with translation.override(user.preferred_language):
        body = render_to_string(
            "engagement/email/notifications.txt",
            {
                "user": user,
                "notifications": notifications,
                "base_url": settings.COCREATE_BASE_URL,
                "unsubscribe_url": unsubscribe_url(user.pk),
                "settings_url": settings.COCREATE_BASE_URL + reverse("engagement:settings"),
            },
        )
        url = unsubscribe_url(user.pk)
        EmailMessage(
            subject=subject,
            body=body,
            to=[user.email],
            headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        ).send()


@task
def send_notification_emails(*, notification_ids: list[int]) -> int:
    """E-mail each notification to recipients who want e-mail immediately; returns how many were sent."""
    from .models import Notification, NotificationSettings

    sent = 0
    notifications = (
        Notification.objects.filter(pk__in=notification_ids, emailed_at=None)
        .select_related("recipient", "recipient__notification_settings", "actor")
        .order_by("pk")
    )
    for notification in notifications:
        user = notification.recipient
        preference = getattr(user, "notification_settings", None)
        choice = preference.email if preference else NotificationSettings.Email.IMMEDIATELY
        if choice != NotificationSettings.Email.IMMEDIATELY or not user.is_active or user.is_erased:
            continue
        with transaction.atomic():
            claimed = Notification.objects.filter(pk=notification.pk, emailed_at=None).update(emailed_at=timezone.now())
            if not claimed:
                continue
            with translation.override(user.preferred_language):
                subject = _("News about “%(title)s”") % {"title": notification.target_label}
            _send(user, [notification], subject)
            sent += 1
    return sent


@task
def send_daily_digests() -> int:
    """One e-mail per person who asked for a daily digest, with everything not yet e-mailed."""
    from .models import Notification, NotificationSettings

    sent = 0
    people = NotificationSettings.objects.filter(email=NotificationSettings.Email.DAILY).select_related("user")
    for preference in people:
        user = preference.user
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update()
                .filter(recipient=user, emailed_at=None)
                .order_by("created_at")[:200]
            )
            if not pending or not user.is_active:
                continue
            Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
            with translation.override(user.preferred_language):
                subject = _("Your daily news from %(site)s") % {"site": settings.SITE_NAME}
            _send(user, pending, subject)
            sent += 1
    return sent
