"""A person's adoption reports and sign-ups for information events in their data export, and what erasing their
account does to them: the reports stay counted in the funnel, detached from the person; the sign-ups go, and the
places they held are free again."""

from .event_queries import signups_of_person
from .events import erase_signups
from .models import AdoptionReport

EXPORTED = ("adoption.AdoptionReport.reporter", "adoption.EventSignup.user")
ERASED = ("adoption.AdoptionReport.reporter", "adoption.EventSignup.user")


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
                "reminded": report.reminded_at.isoformat() if report.reminded_at else None,
            }
            for report in reports
        ],
        "event_signups": [
            {
                "event": signup.event_id,
                "event_title": signup.event.title,
                "campaign": signup.event.campaign_id,
                "campaign_title": signup.event.campaign.title,
                "starts_at": signup.event.starts_at.isoformat(),
                "place": signup.event.place,
                "cancelled": signup.event.is_cancelled,
                "signed_up": signup.created_at.isoformat(),
            }
            for signup in signups_of_person(user)
        ],
    }


def erase(user, *, emails) -> None:
    """The reports keep their step, segment and reason (they are counted and say nothing of who wrote them) but no
    longer point at the person; their sign-ups for information events are deleted."""
    AdoptionReport.objects.filter(reporter=user).update(reporter=None)
    erase_signups(user)
