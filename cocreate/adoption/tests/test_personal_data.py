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
