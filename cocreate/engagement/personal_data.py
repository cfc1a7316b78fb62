"""What the engagement layer stores about a person: their data export, and what erasing their account removes."""

from .models import (
    Comment,
    Follow,
    InternalNote,
    Notification,
    NotificationSettings,
    Participant,
    StatusChange,
    Support,
)

EXPORTED = (
    "engagement.Comment.author",
    "engagement.Support.user",
    "engagement.Follow.user",
    "engagement.StatusChange.actor",
    "engagement.InternalNote.author",
    "engagement.Notification.recipient",
    "engagement.NotificationSettings.user",
    "engagement.Participant.user",
)
ERASED = ("engagement.Follow.user", "engagement.Notification.recipient", "engagement.NotificationSettings.user")


def _on(row) -> str:
    return f"{row.target_type.app_label}.{row.target_type.model} {row.target_id}"


def personal_data(user) -> dict:
    settings = NotificationSettings.objects.filter(user=user).first()
    return {
        "comments": [
            {"on": _on(c), "text": c.body, "created_at": c.created_at.isoformat(), "hidden": c.is_hidden}
            for c in Comment.objects.filter(author=user).select_related("target_type").order_by("pk")
        ],
        "supports": [
            {"of": _on(s), "since": s.created_at.isoformat()}
            for s in Support.objects.filter(user=user).select_related("target_type").order_by("pk")
        ],
        "follows": [_on(f) for f in Follow.objects.filter(user=user).select_related("target_type").order_by("pk")],
        "answers_given": [
            {"on": _on(c), "status": c.new_status, "answer": c.answer, "created_at": c.created_at.isoformat()}
            for c in StatusChange.objects.filter(actor=user).select_related("target_type").order_by("pk")
        ],
        "internal_notes": [
            {"on": _on(n), "text": n.body, "created_at": n.created_at.isoformat()}
            for n in InternalNote.objects.filter(author=user).select_related("target_type").order_by("pk")
        ],
        "notifications": [
            {
                "about": n.target_label,
                "verb": n.verb,
                "text": n.text,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
                "emailed_at": n.emailed_at.isoformat() if n.emailed_at else None,
            }
            for n in Notification.objects.filter(recipient=user).order_by("pk")
        ],
        "email_notifications": settings.email if settings else NotificationSettings.Email.IMMEDIATELY,
        # Where the person took part in a stage that counts participants (wiki surveys, opinion maps); their votes
        # and statements there are in those apps' sections.
        "participations": [
            {"challenge": p.challenge.slug, "since": p.created_at.isoformat()}
            for p in Participant.objects.filter(user=user).select_related("challenge").order_by("pk")
        ],
    }


def erase(user, *, emails) -> None:
    """What serves only the person goes: their notifications, their e-mail preference, and what they follow (so
    nothing more is written for them). Comments, supports and answers stay, under the pseudonym."""
    from .actions import unfollow

    for follow in Follow.objects.filter(user=user).select_related("target_type"):
        target = follow.target
        if target is None:
            follow.delete()
        else:
            unfollow(user=user, target=target)
    Notification.objects.filter(recipient=user).delete()
    NotificationSettings.objects.filter(user=user).delete()
