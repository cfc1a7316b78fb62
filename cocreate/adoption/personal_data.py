"""A person's adoption reports and ambassadorships in their data export, and what erasing their account does to
them: the reports stay counted in the funnel, detached from the person; an ambassadorship stops and keeps its
counts, anonymous (its link no longer brings anyone)."""

from .models import AdoptionReport, Ambassador

EXPORTED = ("adoption.AdoptionReport.reporter", "adoption.Ambassador.user")
ERASED = ("adoption.AdoptionReport.reporter", "adoption.Ambassador.user")


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
        ],
        "ambassadorships": [
            {
                "campaign": ambassador.campaign_id,
                "campaign_title": ambassador.campaign.title,
                "organisation": ambassador.organisation.name if ambassador.organisation else None,
                "code": ambassador.code,
                "active": ambassador.is_active,
                "since": ambassador.created_at.isoformat(),
                "brought": ambassador.counts,
            }
            for ambassador in Ambassador.objects.filter(user=user)
            .select_related("campaign", "organisation")
            .order_by("pk")
        ],
    }


def erase(user, *, emails) -> None:
    """The reports keep their step, segment and reason (they are counted and say nothing of who wrote them) but no
    longer point at the person. Their ambassadorships stop and keep their counts, naming nobody."""
    AdoptionReport.objects.filter(reporter=user).update(reporter=None)
    Ambassador.objects.filter(user=user).update(user=None, is_active=False)
