"""A person's adoption reports in their data export, and what erasing their account does to them: the reports stay
counted in the funnel, detached from the person."""

from .models import AdoptionReport

EXPORTED = ("adoption.AdoptionReport.reporter",)
ERASED = ("adoption.AdoptionReport.reporter",)


def personal_data(user) -> dict:
    reports = AdoptionReport.objects.filter(reporter=user).select_related("campaign", "segment").order_by("pk")
    return {
        "reports": [
            {
                "campaign": report.campaign_id,
                "campaign_title": report.campaign.title,
                "segment": report.segment.name if report.segment else None,
                "step": report.step,
                "helped": report.helped,
                "reason": report.reason,
                "channel": report.channel,
                "reported": report.created_at.isoformat(),
                "updated": report.updated_at.isoformat(),
            }
            for report in reports
        ]
    }


def erase(user, *, emails) -> None:
    """The reports keep their step, segment and reason (they are counted and say nothing of who wrote them) but no
    longer point at the person."""
    AdoptionReport.objects.filter(reporter=user).update(reporter=None)
