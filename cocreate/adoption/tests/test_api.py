import json

import pytest
from django.test import Client

from cocreate.adoption.models import AdoptionReport, FunnelCount
from cocreate.adoption.views import REPORTS_PER_ADDRESS
from cocreate.conftest import PASSWORD
from cocreate.problems.api_keys import api_key_issue

pytestmark = pytest.mark.django_db


def _post(client, campaign, body, **headers):
    return client.post(
        f"/api/v1/adoption/campaigns/{campaign.pk}/reports",
        json.dumps(body),
        content_type="application/json",
        **headers,
    )


def test_campaigns_are_listed_for_everyone(client, campaign):
    items = client.get("/api/v1/adoption/campaigns").json()["items"]
    assert [item["id"] for item in items] == [campaign.pk]


def test_a_campaign_says_whether_it_takes_reports(client, campaign):
    assert client.get(f"/api/v1/adoption/campaigns/{campaign.pk}").json()["takes_reports"] is True


def test_a_campaign_lists_its_segments(client, parents):
    body = client.get(f"/api/v1/adoption/campaigns/{parents.campaign.pk}").json()
    assert [(s["name"], s["goal"]) for s in body["segments"]] == [("Parents in the north", 200)]


def test_the_funnel_gives_counts_and_progress_per_segment(client, parents):
    _post(client, parents.campaign, {"step": "regular", "segment": parents.pk})
    row = client.get(f"/api/v1/adoption/campaigns/{parents.campaign.pk}/funnel").json()["segments"][0]
    assert (row["regular_users"], row["progress"]) == (1, 0.005)


def test_the_funnel_says_why_there_is_no_forecast(client, campaign):
    forecast = client.get(f"/api/v1/adoption/campaigns/{campaign.pk}/funnel").json()["forecast"]
    assert (forecast["available"], forecast["reason"].startswith("There are too few months")) == (False, True)


def test_a_visitor_reports_anonymously(client, campaign):
    response = _post(client, campaign, {"step": "tried", "helped": "yes", "reason": "Fast."})
    assert response.status_code == 201
    assert AdoptionReport.objects.get().reporter_id is None


def test_a_visitors_report_counts_in_the_funnel(client, campaign):
    _post(client, campaign, {"step": "tried"})
    assert FunnelCount.objects.get(campaign=campaign, segment=None, step="tried").count == 1


def test_an_unknown_step_is_refused_and_nothing_changes(client, campaign):
    response = _post(client, campaign, {"step": "loves_it"})
    assert (response.status_code, AdoptionReport.objects.count()) == (422, 0)


def test_a_segment_of_no_campaign_is_refused(client, campaign):
    response = _post(client, campaign, {"step": "tried", "segment": 99999})
    assert (response.status_code, response.json()["code"]) == (400, "adoption_segment_not_in_campaign")


def test_a_huge_segment_number_is_refused(client, campaign):
    response = _post(client, campaign, {"step": "tried", "segment": 10**30})
    assert (response.status_code, AdoptionReport.objects.count()) == (422, 0)


def test_a_nul_in_the_reason_is_refused(client, campaign):
    response = _post(client, campaign, {"step": "tried", "reason": "a\x00b"})
    assert (response.status_code, AdoptionReport.objects.count()) == (422, 0)


def test_visitors_reports_are_rate_limited_per_address(client, campaign, settings):
    settings.COCREATE_RATE_LIMITS_OFF = False
    for _ in range(REPORTS_PER_ADDRESS[0]):
        _post(client, campaign, {"step": "heard"}, REMOTE_ADDR="203.0.113.5")
    response = _post(client, campaign, {"step": "heard"}, REMOTE_ADDR="203.0.113.5")
    assert (response.status_code, AdoptionReport.objects.count()) == (429, REPORTS_PER_ADDRESS[0])


def test_an_application_reports_with_its_public_bodys_key(client, campaign, org_admin):
    _key, raw = api_key_issue(actor=org_admin, organisation=campaign.organisation, name="Library app")
    response = _post(client, campaign, {"step": "regular"}, HTTP_X_API_KEY=raw)
    assert (response.status_code, response.json()["channel"]) == (201, "app")


def test_an_applications_report_names_no_person(client, campaign, org_admin):
    _key, raw = api_key_issue(actor=org_admin, organisation=campaign.organisation, name="Library app")
    _post(client, campaign, {"step": "regular"}, HTTP_X_API_KEY=raw)
    assert AdoptionReport.objects.get().reporter_id is None


def test_a_wrong_api_key_is_refused_and_nothing_changes(client, campaign):
    response = _post(client, campaign, {"step": "regular"}, HTTP_X_API_KEY="not-a-key")
    assert (response.status_code, AdoptionReport.objects.count()) == (403, 0)


def test_another_public_bodys_key_is_refused_and_nothing_changes(client, campaign, other_city, make_user):
    from cocreate.organisations.actions import membership_grant
    from cocreate.organisations.models import Membership

    admin = make_user()
    membership_grant(user=admin, organisation=other_city, role=Membership.Role.ADMIN)
    _key, raw = api_key_issue(actor=admin, organisation=other_city, name="Other app")
    response = _post(client, campaign, {"step": "regular"}, HTTP_X_API_KEY=raw)
    assert (response.status_code, AdoptionReport.objects.count()) == (403, 0)


def test_a_signed_in_resident_without_the_csrf_token_is_refused(campaign, citizen):
    client = Client(enforce_csrf_checks=True)
    client.login(email=citizen.email, password=PASSWORD)
    response = _post(client, campaign, {"step": "regular"})
    assert (response.status_code, AdoptionReport.objects.count()) == (403, 0)


def test_a_signed_in_resident_updates_their_report_through_the_api(client, campaign, citizen):
    client.login(email=citizen.email, password=PASSWORD)
    _post(client, campaign, {"step": "tried"})
    _post(client, campaign, {"step": "recommend"})
    assert list(AdoptionReport.objects.values_list("reporter_id", "step")) == [(citizen.pk, "recommend")]


def test_reports_are_refused_once_the_stage_ended(client, campaign):
    import datetime as dt

    from django.utils import timezone

    stage = campaign.stage
    stage.ends_at = timezone.now() - dt.timedelta(days=1)
    stage.save()
    response = _post(client, campaign, {"step": "tried"})
    assert (response.status_code, AdoptionReport.objects.count()) == (403, 0)
