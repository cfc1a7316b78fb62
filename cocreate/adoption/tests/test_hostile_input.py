"""Hostile values in every adoption form and API body answer with a 4xx (or a refused form), never a server error,
and store nothing."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from cocreate.adoption.models import AdoptionReport, Campaign, Segment
from cocreate.tests.test_hostile_input import HOSTILE

pytestmark = pytest.mark.django_db

REPORT_FIELDS = ["step", "segment", "helped", "reason", "website"]
SEGMENT_FIELDS = ["name", "estimated_size", "area", "languages", "goal", "goal_date"]
CAMPAIGN_FIELDS = ["title", "service", "how_to_use", "where", "languages", "source"]


@pytest.fixture
def official_client(official, with_second_factor):
    with_second_factor(official)
    client = Client()
    client.force_login(official)
    return client


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_report_form_refuses_hostile_values(client, parents, kind):
    url = reverse("adoption:report", args=[parents.campaign.pk])
    response = client.post(url, dict.fromkeys(REPORT_FIELDS, HOSTILE[kind]))
    assert (response.status_code, AdoptionReport.objects.count()) == (400, 0)


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_report_api_refuses_hostile_values(client, parents, kind):
    body = dict.fromkeys(["step", "segment", "helped", "reason"], HOSTILE[kind])
    response = client.post(
        f"/api/v1/adoption/campaigns/{parents.campaign.pk}/reports", json.dumps(body), content_type="application/json"
    )
    assert (response.status_code, AdoptionReport.objects.count()) == (422, 0)


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_segment_form_refuses_hostile_values(official_client, campaign, kind):
    url = reverse("adoption:segment_new", args=[campaign.pk])
    response = official_client.post(url, dict.fromkeys(SEGMENT_FIELDS, HOSTILE[kind]))
    assert (response.status_code, Segment.objects.count()) == (400, 0)


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_campaign_form_answers_hostile_values_without_a_server_error(official_client, campaign, kind):
    url = reverse("adoption:campaign_edit", args=[campaign.pk])
    response = official_client.post(url, dict.fromkeys(CAMPAIGN_FIELDS, HOSTILE[kind]))
    assert response.status_code in {302, 400}


@pytest.mark.parametrize("value", ["9" * 30, "-1", "0", "abc"])
def test_impossible_campaign_numbers_in_addresses_are_not_found(client, campaign, value):
    assert client.get(f"/adoption/{value}/").status_code == 404


def test_control_characters_never_reach_a_campaign(official_client, campaign):
    official_client.post(
        reverse("adoption:campaign_edit", args=[campaign.pk]),
        {"title": "Cards\x01", "service": "x", "how_to_use": "y"},
    )
    assert Campaign.objects.get().title == "Cards"
