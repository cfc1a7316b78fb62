import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from cocreate.adoption.event_models import EventSignup, InformationEvent
from cocreate.adoption.events import event_create, event_signup
from cocreate.problems.api_keys import api_key_issue

pytestmark = pytest.mark.django_db


def _soon(days=3):
    return timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=days)


@pytest.fixture
def event(campaign, official):
    return event_create(
        actor=official,
        campaign=campaign,
        title="Card evening",
        starts_at=_soon(),
        ends_at=_soon() + dt.timedelta(hours=2),
        place="Central library",
        language="English",
        capacity=1,
    )


@pytest.fixture
def key(campaign, org_admin):
    _key, raw = api_key_issue(actor=org_admin, organisation=campaign.organisation, name="Library app")
    return raw


def _json(client, method, url, body=None, **headers):
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json", **headers)


def _event_body(**changes):
    return {
        "title": "Card morning",
        "starts_at": _soon(5).isoformat(),
        "ends_at": (_soon(5) + dt.timedelta(hours=1)).isoformat(),
        "place": "North branch",
        "language": "Polish",
        "capacity": 10,
        **changes,
    }


def test_a_campaigns_events_are_listed_for_everyone(client, event):
    items = client.get(f"/api/v1/adoption/campaigns/{event.campaign.pk}/events").json()["items"]
    assert [(i["title"], i["places_left"], i["cancelled"]) for i in items] == [("Card evening", 1, False)]


def test_a_signed_in_resident_signs_up_with_the_csrf_token(event, citizen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    client.get("/")
    token = client.cookies["csrftoken"].value
    response = client.post(f"/api/v1/adoption/events/{event.pk}/signup", HTTP_X_CSRFTOKEN=token)
    assert (response.status_code, response.json()) == (201, {"event": event.pk, "signed_up": True})


def test_a_sign_up_without_the_csrf_token_is_refused(event, citizen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    response = client.post(f"/api/v1/adoption/events/{event.pk}/signup")
    assert (response.status_code, EventSignup.objects.count()) == (403, 0)


def test_a_visitor_cannot_sign_up(client, event):
    response = client.post(f"/api/v1/adoption/events/{event.pk}/signup")
    assert (response.status_code, EventSignup.objects.count()) == (401, 0)


def test_a_full_event_answers_409_with_its_code(event, citizen, make_user):
    event_signup(actor=make_user(), event=event)
    client = Client()
    client.force_login(citizen)
    response = client.post(f"/api/v1/adoption/events/{event.pk}/signup")
    assert (response.status_code, response.json()["code"]) == (409, "adoption_event_full")


def test_a_resident_cancels_their_sign_up(event, citizen):
    event_signup(actor=citizen, event=event)
    client = Client()
    client.force_login(citizen)
    response = client.post(f"/api/v1/adoption/events/{event.pk}/cancel-signup")
    assert (response.status_code, EventSignup.objects.count()) == (200, 0)


def test_an_application_announces_an_event_with_its_key(client, campaign, key):
    response = _json(
        client, "post", f"/api/v1/adoption/campaigns/{campaign.pk}/events", _event_body(), HTTP_X_API_KEY=key
    )
    assert (response.status_code, response.json()["capacity"]) == (201, 10)
    assert InformationEvent.objects.get().place == "North branch"


def test_announcing_without_a_key_is_refused(client, campaign):
    response = _json(client, "post", f"/api/v1/adoption/campaigns/{campaign.pk}/events", _event_body())
    assert (response.status_code, InformationEvent.objects.count()) == (403, 0)


def test_another_public_bodys_key_is_refused(client, campaign, other_city, make_user):
    from cocreate.organisations.actions import membership_grant
    from cocreate.organisations.models import Membership

    admin = make_user()
    membership_grant(user=admin, organisation=other_city, role=Membership.Role.ADMIN)
    _key, raw = api_key_issue(actor=admin, organisation=other_city, name="Other app")
    response = _json(
        client, "post", f"/api/v1/adoption/campaigns/{campaign.pk}/events", _event_body(), HTTP_X_API_KEY=raw
    )
    assert (response.status_code, InformationEvent.objects.count()) == (403, 0)


def test_a_capacity_out_of_bounds_is_refused(client, campaign, key):
    body = _event_body(capacity=0)
    response = _json(client, "post", f"/api/v1/adoption/campaigns/{campaign.pk}/events", body, HTTP_X_API_KEY=key)
    assert (response.status_code, InformationEvent.objects.count()) == (422, 0)


def test_an_application_moves_an_event_and_the_people_signed_up_hear(client, event, key, citizen):
    from cocreate.engagement.models import Notification

    event_signup(actor=citizen, event=event)
    response = _json(
        client, "patch", f"/api/v1/adoption/events/{event.pk}", {"place": "West branch"}, HTTP_X_API_KEY=key
    )
    assert (response.status_code, response.json()["place"]) == (200, "West branch")
    assert Notification.objects.filter(recipient=citizen, verb="adoption.event_moved").count() == 1


def test_a_null_title_is_refused_and_nothing_changes(client, event, key):
    response = _json(client, "patch", f"/api/v1/adoption/events/{event.pk}", {"title": None}, HTTP_X_API_KEY=key)
    event.refresh_from_db()
    assert (response.status_code, event.title) == (400, "Card evening")


def test_an_application_cancels_an_event(client, event, key):
    response = client.post(f"/api/v1/adoption/events/{event.pk}/cancel", HTTP_X_API_KEY=key)
    assert (response.status_code, response.json()["cancelled"]) == (200, True)


def test_cancelling_twice_answers_409(client, event, key):
    client.post(f"/api/v1/adoption/events/{event.pk}/cancel", HTTP_X_API_KEY=key)
    response = client.post(f"/api/v1/adoption/events/{event.pk}/cancel", HTTP_X_API_KEY=key)
    assert (response.status_code, response.json()["code"]) == (409, "adoption_event_cancelled")


def test_an_unknown_event_is_not_found_for_a_key(client, key):
    response = _json(client, "patch", "/api/v1/adoption/events/999999", {"place": "X"}, HTTP_X_API_KEY=key)
    assert response.status_code == 404


def test_a_time_without_an_offset_is_read_as_local_time(client, campaign, key):
    start = (timezone.localtime() + dt.timedelta(days=5)).replace(hour=10, minute=0, second=0, microsecond=0)
    body = _event_body(starts_at=start.replace(tzinfo=None).isoformat(), ends_at=None)
    body["ends_at"] = (start + dt.timedelta(hours=1)).replace(tzinfo=None).isoformat()
    response = _json(client, "post", f"/api/v1/adoption/campaigns/{campaign.pk}/events", body, HTTP_X_API_KEY=key)
    assert (response.status_code, InformationEvent.objects.get().starts_at) == (201, start)


def test_a_date_out_of_range_is_refused(client, campaign, key):
    body = _event_body(starts_at="9999-12-31T10:00:00+00:00", ends_at="9999-12-31T12:00:00+00:00")
    response = _json(client, "post", f"/api/v1/adoption/campaigns/{campaign.pk}/events", body, HTTP_X_API_KEY=key)
    assert (response.status_code, InformationEvent.objects.count()) == (422, 0)
