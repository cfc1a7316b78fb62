"""The one reminder "do you still use it?": some time after a person said they had tried the service (the campaign's
``reminder_after_days``; 0: never), and had not reported again since, they are asked once whether they still use it.
Signed-in people are notified (and e-mailed as their settings say); a visitor only if they left an e-mail address
for this one reminder on the report form, which is deleted once it is sent. The link opens the report form with
their answers so far; a visitor's link names their report (signed, without their address), which it updates.

``ask_whether_still_used`` is a daily task: running it twice, or twice at once, asks nobody twice (``reminded_at``).
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import AdoptionReport, Campaign, Step
from .rules import takes_reports_now

ANSWER_SALT = "cocreate.adoption.still-used"
ANSWER_MAX_AGE = dt.timedelta(days=365)
MAX_REMINDER_DAYS = 365


def answer_token(report: AdoptionReport) -> str:
    return signing.dumps(report.pk, salt=ANSWER_SALT)


def report_for_answer(token: str, campaign: Campaign) -> AdoptionReport | None:
    """The visitor's report a reminder's link names, if the link is genuine and recent and the report still names
    nobody; else None (the form then makes a new report, as for any visitor)."""
    try:
        pk = signing.loads(token[:200], salt=ANSWER_SALT, max_age=ANSWER_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return AdoptionReport.objects.filter(pk=pk, campaign=campaign, reporter=None).first()


def answer_path(report: AdoptionReport) -> str:
    path = reverse("adoption:report", args=[report.campaign_id])
    if report.reporter_id is None:
        path += "?answer=" + answer_token(report)
    return path


def reports_due(campaign: Campaign, now: dt.datetime):
    """The campaign's reports at "tried", unchanged for its ``reminder_after_days``, not yet reminded, of a person
    who can be reached (signed in, or a visitor who left an address)."""
    cutoff = now - dt.timedelta(days=campaign.reminder_after_days)
    return AdoptionReport.objects.filter(
        campaign=campaign, step=Step.TRIED, reminded_at=None, updated_at__lte=cutoff
    ).filter(Q(reporter__isnull=False) | ~Q(reminder_email=""))


def _email_visitor(report: AdoptionReport, address: str) -> None:
    campaign = report.campaign
    with translation.override(report.reminder_language or settings.LANGUAGE_CODE):
        send_mail(
            subject=_("Do you still use “%(title)s”?") % {"title": campaign.title[:80]},
            message=_(
                "Some time ago you told us that you had tried “%(title)s”. Do you still use it? Tell us in a minute, "
                "without an account (it updates your earlier report):\n\n%(link)s\n\n"
                "You left your e-mail address for this one message only; it has now been deleted."
            )
            % {"title": campaign.title, "link": settings.COCREATE_BASE_URL + answer_path(report)},
            from_email=None,
            recipient_list=[address],
        )


def remind_report(report: AdoptionReport, now: dt.datetime) -> bool:
    """Ask one person, once: the first to set ``reminded_at`` asks; a visitor's address goes in the same write."""
    from cocreate.engagement.actions import notify

    with transaction.atomic():
        claimed = AdoptionReport.objects.filter(pk=report.pk, reminded_at=None, step=Step.TRIED)
        if not claimed.update(reminded_at=now, reminder_email=""):
            return False
        if report.reporter_id is not None:
            notify(
                recipients=[report.reporter_id],
                actor=None,
                verb="adoption.still_used",
                target=report.campaign,
                url=answer_path(report),
            )
        elif report.reminder_email:
            _email_visitor(report, report.reminder_email)  # an error rolls the claim back: tried again tomorrow
    return True


def forget_unusable_addresses() -> int:
    """Visitors' addresses that no reminder will use any more (the campaign asks no more, or takes no reports) are
    deleted."""
    forget = list(Campaign.objects.filter(reminder_after_days=0).values_list("pk", flat=True))
    forget += [
        c.pk
        for c in Campaign.objects.select_related("stage").filter(reminder_after_days__gt=0)
        if not takes_reports_now.test(None, c)
    ]
    return AdoptionReport.objects.filter(campaign_id__in=forget).exclude(reminder_email="").update(reminder_email="")


def remind_all(now: dt.datetime | None = None) -> int:
    """Ask everyone due in every campaign that takes reports; returns how many were asked."""
    now = now or timezone.now()
    forget_unusable_addresses()
    asked = 0
    for campaign in Campaign.objects.select_related("stage").filter(reminder_after_days__gt=0):
        if not takes_reports_now.test(None, campaign):
            continue
        for report in reports_due(campaign, now).select_related("campaign").iterator():
            asked += remind_report(report, now)
    return asked


@task
def ask_whether_still_used() -> int:
    """Daily: the reminder "do you still use it?" to the people who tried a service some time ago."""
    return remind_all()
