"""What the engagement layer stores about a person, for their data export."""

from .models import Comment, Follow, Notification, NotificationSettings, Support


def personal_data(user) -> dict:
    settings = NotificationSettings.objects.filter(user=user).first()
    return {
        "comments": [
            {
                "on": f"{c.target_type.app_label}.{c.target_type.model} {c.target_id}",
                "text": c.body,
                "created_at": c.created_at.isoformat(),
                "hidden": c.is_hidden,
            }
            for c in Comment.objects.filter(author=user).select_related("target_type").order_by("pk")
        ],
        "supports": [
            {"of": f"{s.target_type.app_label}.{s.target_type.model} {s.target_id}", "since": s.created_at.isoformat()}
            for s in Support.objects.filter(user=user).select_related("target_type").order_by("pk")
        ],
        "follows": [
            f"{f.target_type.app_label}.{f.target_type.model} {f.target_id}"
            for f in Follow.objects.filter(user=user).select_related("target_type").order_by("pk")
        ],
        "notifications": Notification.objects.filter(recipient=user).count(),
        "email_notifications": settings.email if settings else NotificationSettings.Email.IMMEDIATELY,
    }
