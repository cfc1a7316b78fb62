"""The one reminder "do you still use it?", with explicit dates: due after the campaign's days, sent once, never
when the campaign asks no more; a visitor's address is used once and deleted."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.adoption.actions import adoption_report_submit
from cocreate.adoption.models import AdoptionReport, Campaign, FunnelCount
from cocreate.adoption.reminders import answer_token, ask_whether_still_used, remind_all
from cocreate.engagement.models import Notification

pytestmark = pytest.mark.django_db

TRIED_ON = timezone.now().replace(microsecond=0) - dt.timedelta(days=40)


def _report_url(campaign) -> str:
    return reverse("adoption:report", args=[campaign.pk])


def _visitor_report(client, campaign, **fields) -> AdoptionReport:
    client.post(_report_url(campaign), {"step": "tried", **fields})
    return AdoptionReport.objects.order_by("-pk").first()


def test_a_person_who_tried_it_is_asked_after_the_campaigns_days(campaign, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried", now=TRIED_ON)
    assert remind_all(now=TRIED_ON + dt.timedelta(days=29)) == 0
    assert remind_all(now=TRIED_ON + dt.timedelta(days=30)) == 1


def test_the_reminder_is_a_notification_linking_to_the_report_form(campaign, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried", now=TRIED_ON)
    remind_all(now=TRIED_ON + dt.timedelta(days=31))
    note = Notification.objects.get(recipient=citizen)
    assert (note.verb, note.target_url) == ("adoption.still_used", _report_url(campaign))


def test_nobody_is_asked_twice(campaign, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried", now=TRIED_ON)
    later = TRIED_ON + dt.timedelta(days=31)
    assert (remind_all(now=later), remind_all(now=later + dt.timedelta(days=60))) == (1, 0)
    assert Notification.objects.filter(recipient=citizen).count() == 1


def test_the_daily_task_asks_the_people_due(campaign, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried", now=TRIED_ON)
    assert (ask_whether_still_used.call(), ask_whether_still_used.call()) == (1, 0)


def test_no_one_is_asked_when_the_campaign_asks_no_more(campaign, citizen):
    Campaign.objects.filter(pk=campaign.pk).update(reminder_after_days=0)
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried", now=TRIED_ON)
    assert remind_all(now=TRIED_ON + dt.timedelta(days=300)) == 0
    assert AdoptionReport.objects.get().reminded_at is None


def test_a_person_who_reported_again_is_not_asked(campaign, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried", now=TRIED_ON)
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular", now=TRIED_ON + dt.timedelta(days=10))
    assert remind_all(now=TRIED_ON + dt.timedelta(days=100)) == 0


def test_a_person_who_said_tried_again_recently_is_asked_later(campaign, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried", now=TRIED_ON)
    adoption_report_submit(reporter=citizen, campaign=campaign, step="tried", now=TRIED_ON + dt.timedelta(days=20))
    assert remind_all(now=TRIED_ON + dt.timedelta(days=31)) == 0
    assert remind_all(now=TRIED_ON + dt.timedelta(days=51)) == 1


def test_the_days_are_bounded_on_the_campaign_form(campaign, official, with_second_factor):
    with_second_factor(official)
    client = Client()
    client.force_login(official)
    data = {name: getattr(campaign, name) for name in ("title", "service", "how_to_use", "where", "languages")}
    response = client.post(reverse("adoption:campaign_edit", args=[campaign.pk]), {**data, "reminder_after_days": 366})
    campaign.refresh_from_db()
    assert (response.status_code, campaign.reminder_after_days) == (400, 30)


# --- visitors --------------------------------------------------------------------------------------------------------


def test_the_report_form_offers_visitors_the_address_field_with_its_purpose(client, campaign):
    page = client.get(_report_url(campaign)).content.decode()
    assert "E-mail address for one reminder (optional)" in page
    assert "we can ask you once, in 30 days, whether you still use it" in page


def test_signed_in_people_are_not_asked_for_an_address(client, campaign, citizen):
    client.force_login(citizen)
    assert "E-mail address for one reminder" not in client.get(_report_url(campaign)).content.decode()


def test_a_visitor_without_an_address_is_not_asked(client, campaign):
    _visitor_report(client, campaign)
    assert remind_all(now=timezone.now() + dt.timedelta(days=31)) == 0


def test_an_address_is_kept_only_for_a_report_at_tried(client, campaign):
    report = _visitor_report(client, campaign, step="regular", reminder_email="ana@example.org")
    assert report.reminder_email == ""


def test_a_visitor_is_emailed_once_and_the_address_is_deleted(client, campaign):
    report = _visitor_report(client, campaign, reminder_email="ana@example.org")
    assert report.reminder_email == "ana@example.org"
    later = timezone.now() + dt.timedelta(days=31)
    assert (remind_all(now=later), remind_all(now=later)) == (1, 0)
    report.refresh_from_db()
    assert (report.reminder_email, report.reminded_at) == ("", later)
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]


def test_the_visitors_email_links_to_their_own_report(client, campaign):
    report = _visitor_report(client, campaign, reminder_email="ana@example.org")
    remind_all(now=timezone.now() + dt.timedelta(days=31))
    assert f"{_report_url(campaign)}?answer=" in mail.outbox[0].body
    assert "ana@example.org" not in AdoptionReport.objects.filter(pk=report.pk).values_list("reminder_email", flat=True)


def test_the_address_is_deleted_when_the_campaign_asks_no_more(client, campaign):
    report = _visitor_report(client, campaign, reminder_email="ana@example.org")
    Campaign.objects.filter(pk=campaign.pk).update(reminder_after_days=0)
    remind_all(now=timezone.now())
    report.refresh_from_db()
    assert (report.reminder_email, len(mail.outbox)) == ("", 0)


def test_answering_the_reminder_updates_the_earlier_report(client, campaign):
    report = _visitor_report(client, campaign)
    url = f"{_report_url(campaign)}?answer={answer_token(report)}"
    assert "This updates the report you sent earlier" in client.get(url).content.decode()
    response = client.post(url, {"step": "regular"})
    report.refresh_from_db()
    assert (response.status_code, AdoptionReport.objects.count(), report.step) == (302, 1, "regular")
    counts = dict(FunnelCount.objects.filter(campaign=campaign, segment=None).values_list("step", "count"))
    assert (counts["tried"], counts["regular"]) == (0, 1)


def test_a_forged_answer_link_makes_a_new_report(client, campaign):
    _visitor_report(client, campaign)
    client.post(f"{_report_url(campaign)}?answer=not-a-token", {"step": "regular"})
    assert AdoptionReport.objects.count() == 2


def test_an_answer_link_cannot_take_over_a_signed_in_persons_report(client, campaign, citizen):
    theirs = adoption_report_submit(reporter=citizen, campaign=campaign, step="tried")
    client.post(f"{_report_url(campaign)}?answer={answer_token(theirs)}", {"step": "regular"})
    theirs.refresh_from_db()
    assert (theirs.step, AdoptionReport.objects.count()) == ("tried", 2)
