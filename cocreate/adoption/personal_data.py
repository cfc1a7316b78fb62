"""A person's adoption reports, ambassadorships and sign-ups for information events in their data export, and what
erasing their account does to them: the reports stay counted in the funnel, detached from the person; an
ambassadorship stops and keeps its counts, anonymous (its link no longer brings anyone); the sign-ups go, and the
places they held are free again. A report sent without an account that holds one of the person's addresses for the
reminder "do you still use it?" is in the export too, and erasure deletes the address."""

from django.db.models import Q

from .event_queries import signups_of_person
from .events import erase_signups
from .models import AdoptionReport, Ambassador

EXPORTED = (
    "adoption.AdoptionReport.reporter",
    "adoption.AdoptionReport.reminder_email",
    "adoption.Ambassador.user",
    "adoption.EventSignup.user",
)
ERASED = EXPORTED


def _with_address(emails) -> Q:
    condition = Q(pk__in=[])
    for email in {e.strip() for e in emails if e and e.strip()}:
        condition |= Q(reminder_email__iexact=email)
    return condition


def _emails(user) -> list[str]:
    return [user.email, *user.emailaddress_set.values_list("email", flat=True)]


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
        "reminders_without_account": [
            {
                "campaign": report.campaign_id,
                "campaign_title": report.campaign.title,
                "email": report.reminder_email,
                "reported": report.created_at.isoformat(),
            }
            for report in AdoptionReport.objects.filter(_with_address(_emails(user)))
            .select_related("campaign")
            .order_by("pk")
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
    longer point at the person. Their ambassadorships stop and keep their counts, naming nobody; their sign-ups for
    information events are deleted, and so is any of their addresses left for a reminder on a report sent without an
    account."""
    AdoptionReport.objects.filter(reporter=user).update(reporter=None)
    Ambassador.objects.filter(user=user).update(user=None, is_active=False)
    AdoptionReport.objects.filter(_with_address(emails)).update(reminder_email="")
    erase_signups(user)
