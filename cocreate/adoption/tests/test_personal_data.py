import pytest

from cocreate.accounts.actions import user_erase
from cocreate.accounts.queries import personal_data
from cocreate.adoption.actions import adoption_report_submit
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
