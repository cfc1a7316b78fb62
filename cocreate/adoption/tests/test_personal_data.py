import datetime as dt

import pytest
from django.utils import timezone

from cocreate.accounts.actions import user_erase
from cocreate.accounts.queries import personal_data
from cocreate.adoption.actions import adoption_report_submit
from cocreate.adoption.event_models import EventSignup
from cocreate.adoption.events import event_create, event_signup
from cocreate.adoption.models import AdoptionReport, FunnelCount

pytestmark = pytest.mark.django_db


def test_the_export_has_the_persons_reports(campaign, citizen, parents):
    adoption_report_submit(
        reporter=citizen, campaign=campaign, step="regular", segment=parents, helped="yes", reason="Saves time."
    )
    exported = personal_data(citizen)["adoption"]["reports"]
    assert [(r["campaign_title"], r["segment"], r["step"], r["helped"], r["reason"]) for r in exported] == [
        ("Library card online", "Parents in the north", "regular", "yes", "Saves time.")
    ]


def test_the_export_has_no_one_elses_reports(campaign, citizen, make_user):
    adoption_report_submit(reporter=make_user(), campaign=campaign, step="tried")
    assert personal_data(citizen)["adoption"]["reports"] == []


def test_erasure_detaches_the_reports(campaign, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular")
    user_erase(user=citizen)
    assert AdoptionReport.objects.get().reporter_id is None


def test_erased_reports_stay_counted(campaign, citizen):
    adoption_report_submit(reporter=citizen, campaign=campaign, step="regular")
    user_erase(user=citizen)
    assert FunnelCount.objects.get(campaign=campaign, segment=None, step="regular").count == 1


def _event(campaign, official):
    start = timezone.now() + dt.timedelta(days=3)
    return event_create(
        actor=official,
        campaign=campaign,
        title="Card evening",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Central library",
        language="English",
        capacity=5,
    )


def test_the_export_has_the_persons_event_signups(campaign, citizen, official):
    event_signup(actor=citizen, event=_event(campaign, official))
    exported = personal_data(citizen)["adoption"]["event_signups"]
    assert [(s["event_title"], s["place"], s["cancelled"]) for s in exported] == [
        ("Card evening", "Central library", False)
    ]


def test_erasure_deletes_the_signups_and_frees_the_places(campaign, citizen, official):
    event = _event(campaign, official)
    event_signup(actor=citizen, event=event)
    user_erase(user=citizen)
    event.refresh_from_db()
    assert (EventSignup.objects.count(), event.signup_count) == (0, 0)


def test_an_address_left_for_a_reminder_is_exported_and_erased(campaign, citizen, client):
    client.post(f"/adoption/{campaign.pk}/report/", {"step": "tried", "reminder_email": citizen.email.upper()})
    exported = personal_data(citizen)["adoption"]["reminders_without_account"]
    assert [r["campaign_title"] for r in exported] == ["Library card online"]
    user_erase(user=citizen)
    assert AdoptionReport.objects.get().reminder_email == ""


def test_the_export_has_the_persons_ambassadorships_with_their_counts(campaign, ambassador):
    adoption_report_submit(reporter=None, campaign=campaign, step="tried", ambassador=ambassador)
    exported = personal_data(ambassador.user)["adoption"]["ambassadorships"]
    assert [(a["campaign_title"], a["code"], a["active"], a["brought"]["tried"]) for a in exported] == [
        ("Library card online", ambassador.code, True, 1)
    ]


def test_erasure_removes_the_person_from_their_ambassadorship_and_keeps_the_counts(campaign, ambassador):
    adoption_report_submit(reporter=None, campaign=campaign, step="tried", ambassador=ambassador)
    user_erase(user=ambassador.user)
    ambassador.refresh_from_db()
    assert (ambassador.user_id, ambassador.is_active, ambassador.tried) == (None, False, 1)


def test_after_erasure_the_link_brings_nobody(client, campaign, ambassador):
    user_erase(user=ambassador.user)
    client.post(f"/adoption/{campaign.pk}/report/", {"step": "heard", "ambassador": ambassador.code})
    assert AdoptionReport.objects.get().ambassador_id is None
