"""What moderation stores about a person, for their data export: the flags they raised and their suspensions."""

from .models import Flag, Suspension


def personal_data(user) -> dict:
    return {
        "flags_raised": [
            {"reason": f.reason, "details": f.text, "created_at": f.created_at.isoformat()}
            for f in Flag.objects.filter(user=user).order_by("pk")
        ],
        "suspensions": [
            {
                "organisation": s.organisation.name,
                "reason": s.reason,
                "from": s.starts_at.isoformat(),
                "until": s.ends_at.isoformat(),
                "lifted_at": s.lifted_at.isoformat() if s.lifted_at else None,
            }
            for s in Suspension.objects.filter(user=user).select_related("organisation").order_by("pk")
        ],
    }
