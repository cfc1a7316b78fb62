"""What moderation stores about a person, for their data export: the flags they raised, the cases about what they
wrote, their suspensions and, for moderators, their decisions."""

from .models import Case, Flag, ModerationDecision, Suspension

EXPORTED = (
    "moderation.Flag.user",
    "moderation.Case.author",
    "moderation.Suspension.user",
    "moderation.ModerationDecision.moderator",
)


def personal_data(user) -> dict:
    return {
        "flags_raised": [
            {"reason": f.reason, "details": f.text, "created_at": f.created_at.isoformat()}
            for f in Flag.objects.filter(user=user).order_by("pk")
        ],
        "cases_about_your_contributions": [
            {
                "about": str(c),
                "state": c.state,
                "hidden_reason": c.hidden_reason,
                "created_at": c.created_at.isoformat(),
            }
            for c in Case.objects.filter(author=user).select_related("target_type").order_by("pk")
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
        "decisions_made": [
            {
                "case": str(d.case),
                "decision": d.action,
                "public_reason": d.public_reason,
                "internal_note": d.internal_note,
                "created_at": d.created_at.isoformat(),
            }
            for d in ModerationDecision.objects.filter(moderator=user)
            .select_related("case__target_type")
            .order_by("pk")
        ],
    }
