import json

import pytest
from django.test import Client

from cocreate.adoption.actions import adoption_report_submit
from cocreate.adoption.models import AdoptionReport, Ambassador

pytestmark = pytest.mark.django_db


def _url(campaign, tail="ambassador") -> str:
    return f"/api/v1/adoption/campaigns/{campaign.pk}/{tail}"


def _report(client, campaign, body):
    return client.post(_url(campaign, "reports"), json.dumps(body), content_type="application/json")


@pytest.fixture
def official_client(official, with_second_factor):
    with_second_factor(official)
    client = Client()
    client.force_login(official)
    return client


def test_a_signed_in_resident_becomes_an_ambassador(client, campaign, citizen):
    client.force_login(citizen)
    response = client.post(_url(campaign), "{}", content_type="application/json")
    body = response.json()
    assert (response.status_code, body["active"], body["code"]) == (201, True, Ambassador.objects.get().code)


def test_the_answer_has_the_link_and_the_qr_codes(client, campaign, citizen):
    client.force_login(citizen)
    body = client.post(_url(campaign), "{}", content_type="application/json").json()
    assert body["link"] == f"http://127.0.0.1:8000/adoption/{campaign.pk}/a/{body['code']}/"
    assert body["qr_svg"] == f"/adoption/{campaign.pk}/ambassador/qr.svg"


def test_a_visitor_cannot_become_an_ambassador_and_nothing_changes(client, campaign):
    response = client.post(_url(campaign), "{}", content_type="application/json")
    assert (response.status_code, Ambassador.objects.count()) == (401, 0)


def test_the_signed_in_request_needs_the_csrf_token(campaign, citizen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    response = client.post(_url(campaign), "{}", content_type="application/json")
    assert (response.status_code, Ambassador.objects.count()) == (403, 0)


def test_an_organisation_one_is_not_a_member_of_is_refused(client, campaign, partner, citizen):
    client.force_login(citizen)
    response = client.post(_url(campaign), json.dumps({"organisation": partner.slug}), content_type="application/json")
    assert (response.status_code, response.json()["code"], Ambassador.objects.count()) == (
        400,
        "adoption_organisation_not_partner",
        0,
    )


def test_a_partner_member_acts_for_the_organisation(client, campaign, partner, partner_member, with_second_factor):
    with_second_factor(partner_member)
    client.force_login(partner_member)
    response = client.post(_url(campaign), json.dumps({"organisation": partner.slug}), content_type="application/json")
    assert (response.status_code, response.json()["organisation"]) == (201, "readers-circle")


def test_ones_own_ambassadorship_has_the_counts(client, campaign, ambassador):
    adoption_report_submit(reporter=None, campaign=campaign, step="regular", ambassador=ambassador)
    client.force_login(ambassador.user)
    body = client.get(_url(campaign)).json()
    assert (body["counts"], body["brought"]) == ({"heard": 0, "tried": 0, "regular": 1, "recommend": 0}, 1)


def test_someone_without_an_ambassadorship_gets_404(client, campaign, citizen, ambassador):
    client.force_login(citizen)
    assert client.get(_url(campaign)).status_code == 404


def test_an_ambassador_stops(client, campaign, ambassador):
    client.force_login(ambassador.user)
    response = client.delete(_url(campaign))
    assert (response.status_code, response.json()["active"], Ambassador.objects.get().is_active) == (200, False, False)


def test_officials_list_the_ambassadors_with_their_counts(official_client, campaign, ambassador):
    adoption_report_submit(reporter=None, campaign=campaign, step="tried", ambassador=ambassador)
    items = official_client.get(_url(campaign, "ambassadors")).json()["items"]
    assert [(i["name"], i["brought"], i["counts"]["tried"]) for i in items] == [("Amira Ambassador", 1, 1)]


def test_residents_may_not_list_the_ambassadors(client, campaign, ambassador):
    client.force_login(ambassador.user)
    assert client.get(_url(campaign, "ambassadors")).status_code == 403


def test_a_report_with_an_ambassadors_code_counts_for_them(client, campaign, ambassador):
    response = _report(client, campaign, {"step": "tried", "ambassador": ambassador.code})
    ambassador.refresh_from_db()
    assert (response.status_code, response.json()["ambassador_attributed"], ambassador.tried) == (201, True, 1)


def test_a_report_with_an_unknown_code_is_kept_without_attribution(client, campaign, ambassador):
    response = _report(client, campaign, {"step": "tried", "ambassador": "unknown1"})
    assert (response.status_code, response.json()["ambassador_attributed"], AdoptionReport.objects.count()) == (
        201,
        False,
        1,
    )


@pytest.mark.parametrize("code", ["x", "a" * 17, "bad code", "<b>abcdef</b>", 7])
def test_a_malformed_code_is_refused_and_nothing_stored(client, campaign, code):
    response = _report(client, campaign, {"step": "tried", "ambassador": code})
    assert (response.status_code, AdoptionReport.objects.count()) == (422, 0)
