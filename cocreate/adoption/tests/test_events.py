"""Information events: officials announce, change and cancel them; residents sign up and cancel; full, past and
cancelled events refuse sign-ups with a clear message; the people signed up hear of a cancellation or a move."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocreate.adoption.event_errors import (
    AlreadySignedUpForEvent,
    EventCancelled,
    EventCapacityTooSmall,
    EventFull,
    EventOver,
    EventTimesInvalid,
)
from cocreate.adoption.event_models import EventSignup, InformationEvent
from cocreate.adoption.events import event_cancel, event_create, event_signup, event_signup_cancel, event_update
from cocreate.core.errors import NotPermitted
from cocreate.engagement.models import Notification

pytestmark = pytest.mark.django_db


def _soon(days=3, hours=18):
    return timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=days, hours=hours)


@pytest.fixture
def event(campaign, official):
    return event_create(
        actor=official,
        campaign=campaign,
        title="Get your card at the library",
        description="Bring your ID card.",
        starts_at=_soon(),
        ends_at=_soon() + dt.timedelta(hours=2),
        place="Central library, room 2",
        language="Polish",
        capacity=2,
    )


@pytest.fixture
def official_client(official, with_second_factor):
    with_second_factor(official)
    client = Client()
    client.force_login(official)
    return client


@pytest.fixture
def citizen_client(citizen):
    client = Client()
    client.force_login(citizen)
    return client


# --- actions ---------------------------------------------------------------------------------------------------------


def test_an_official_announces_an_event(event):
    assert (event.title, event.capacity, event.signup_count, event.is_cancelled) == (
        "Get your card at the library",
        2,
        0,
        False,
    )


def test_a_resident_cannot_announce_an_event(campaign, citizen):
    with pytest.raises(NotPermitted):
        event_create(
            actor=citizen,
            campaign=campaign,
            title="Mine",
            starts_at=_soon(),
            ends_at=_soon() + dt.timedelta(hours=1),
            place="Here",
            language="English",
        )
    assert InformationEvent.objects.count() == 0


def test_an_event_in_the_past_is_refused(campaign, official):
    with pytest.raises(EventTimesInvalid):
        event_create(
            actor=official,
            campaign=campaign,
            title="Yesterday",
            starts_at=timezone.now() - dt.timedelta(days=1),
            ends_at=timezone.now(),
            place="Here",
            language="English",
        )
    assert InformationEvent.objects.count() == 0


def test_a_sign_up_takes_a_place(event, citizen):
    event_signup(actor=citizen, event=event)
    event.refresh_from_db()
    assert (event.signup_count, event.places_left) == (1, 1)


def test_signing_up_twice_is_refused(event, citizen):
    event_signup(actor=citizen, event=event)
    with pytest.raises(AlreadySignedUpForEvent):
        event_signup(actor=citizen, event=event)
    assert EventSignup.objects.filter(event=event).count() == 1


def test_a_full_event_refuses_a_sign_up_and_changes_nothing(event, make_user):
    event_signup(actor=make_user(), event=event)
    event_signup(actor=make_user(), event=event)
    late = make_user()
    with pytest.raises(EventFull):
        event_signup(actor=late, event=event)
    event.refresh_from_db()
    assert (event.signup_count, EventSignup.objects.filter(user=late).count()) == (2, 0)


def test_an_event_without_a_capacity_is_never_full(campaign, official, make_user):
    event = event_create(
        actor=official,
        campaign=campaign,
        title="Open day",
        starts_at=_soon(),
        ends_at=_soon() + dt.timedelta(hours=1),
        place="Square",
        language="English",
    )
    for _ in range(3):
        event_signup(actor=make_user(), event=event)
    event.refresh_from_db()
    assert (event.signup_count, event.places_left) == (3, None)


def test_a_started_event_refuses_a_sign_up(event, citizen):
    InformationEvent.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=5), ends_at=timezone.now() + dt.timedelta(hours=1)
    )
    with pytest.raises(EventOver):
        event_signup(actor=citizen, event=event)
    assert EventSignup.objects.count() == 0


def test_a_cancelled_event_refuses_a_sign_up(event, official, citizen):
    event_cancel(actor=official, event=event)
    with pytest.raises(EventCancelled):
        event_signup(actor=citizen, event=event)
    assert EventSignup.objects.count() == 0


def test_cancelling_a_sign_up_frees_the_place(event, citizen):
    event_signup(actor=citizen, event=event)
    event_signup_cancel(actor=citizen, event=event)
    event.refresh_from_db()
    assert (event.signup_count, EventSignup.objects.count()) == (0, 0)


def test_the_people_signed_up_hear_of_a_cancellation(event, official, citizen):
    event_signup(actor=citizen, event=event)
    event_cancel(actor=official, event=event)
    notes = Notification.objects.filter(recipient=citizen)
    assert [n.verb for n in notes] == ["adoption.event_cancelled"]


def test_the_people_signed_up_hear_of_a_move(event, official, citizen):
    event_signup(actor=citizen, event=event)
    event_update(actor=official, event=event, place="Branch library, hall")
    notes = Notification.objects.filter(recipient=citizen)
    assert [(n.verb, n.target_url) for n in notes] == [("adoption.event_moved", event.get_absolute_url())]


def test_a_new_title_alone_tells_nobody(event, official, citizen):
    event_signup(actor=citizen, event=event)
    event_update(actor=official, event=event, title="Your library card in ten minutes")
    assert Notification.objects.filter(recipient=citizen).count() == 0


def test_the_places_cannot_go_below_the_people_signed_up(event, official, make_user):
    event_signup(actor=make_user(), event=event)
    event_signup(actor=make_user(), event=event)
    with pytest.raises(EventCapacityTooSmall):
        event_update(actor=official, event=event, capacity=1)
    event.refresh_from_db()
    assert event.capacity == 2


def test_a_resident_cannot_change_or_cancel_an_event(event, citizen):
    with pytest.raises(NotPermitted):
        event_update(actor=citizen, event=event, title="Mine now")
    with pytest.raises(NotPermitted):
        event_cancel(actor=citizen, event=event)
    event.refresh_from_db()
    assert (event.title, event.is_cancelled) == ("Get your card at the library", False)


# --- pages -----------------------------------------------------------------------------------------------------------


def test_the_campaign_page_lists_upcoming_events_with_places_left(client, event):
    page = client.get(event.campaign.get_absolute_url()).content.decode()
    assert "Get your card at the library" in page
    assert "2 places left" in page


def test_the_campaign_page_leaves_out_cancelled_events(client, event, official):
    event_cancel(actor=official, event=event)
    page = client.get(event.campaign.get_absolute_url()).content.decode()
    assert "Get your card at the library" not in page


def test_the_event_page_shows_place_language_and_places(client, event):
    page = client.get(event.get_absolute_url()).content.decode()
    assert ("Central library, room 2" in page, "Polish" in page, "2 of 2" in page) == (True, True, True)


def test_a_visitor_is_asked_to_sign_in_to_sign_up(client, event):
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Sign in to sign up" in page


def test_a_resident_signs_up_on_the_page(citizen_client, event, citizen):
    response = citizen_client.post(reverse("adoption:event_signup", args=[event.pk]))
    assert (response.status_code, EventSignup.objects.filter(user=citizen).count()) == (302, 1)


def test_a_full_event_answers_409_with_the_message_beside_the_button(citizen_client, event, make_user, citizen):
    event_signup(actor=make_user(), event=event)
    event_signup(actor=make_user(), event=event)
    response = citizen_client.post(reverse("adoption:event_signup", args=[event.pk]))
    assert response.status_code == 409
    assert "This event is full: every place is taken." in response.content.decode()
    assert EventSignup.objects.filter(user=citizen).count() == 0


def test_a_cancelled_event_answers_409_on_the_page(citizen_client, event, official, citizen):
    event_cancel(actor=official, event=event)
    response = citizen_client.post(reverse("adoption:event_signup", args=[event.pk]))
    assert (response.status_code, "This event is cancelled." in response.content.decode()) == (409, True)


def test_a_resident_cancels_their_sign_up_on_the_page(citizen_client, event, citizen):
    event_signup(actor=citizen, event=event)
    response = citizen_client.post(reverse("adoption:event_signup_cancel", args=[event.pk]))
    assert (response.status_code, EventSignup.objects.count()) == (302, 0)


def test_signing_up_needs_a_post(citizen_client, event):
    response = citizen_client.get(reverse("adoption:event_signup", args=[event.pk]))
    assert (response.status_code, EventSignup.objects.count()) == (405, 0)


def test_an_unknown_event_is_not_found(client):
    assert client.get("/adoption/events/999999/").status_code == 404


def test_an_official_announces_an_event_with_the_form(official_client, campaign):
    start = timezone.localtime(_soon())
    response = official_client.post(
        reverse("adoption:event_new", args=[campaign.pk]),
        {
            "title": "Library card evening",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "North branch",
            "language": "English",
            "capacity": "",
        },
    )
    event = InformationEvent.objects.get()
    assert (response.status_code, response["Location"], event.capacity) == (302, event.get_absolute_url(), None)


def test_an_event_ending_before_it_starts_comes_back_with_the_message(official_client, campaign):
    start = timezone.localtime(_soon())
    response = official_client.post(
        reverse("adoption:event_new", args=[campaign.pk]),
        {
            "title": "Backwards",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "North branch",
            "language": "English",
        },
    )
    assert (response.status_code, InformationEvent.objects.count()) == (400, 0)
    assert "An event ends after it starts, and starts in the future." in response.content.decode()


def test_a_resident_cannot_open_the_officials_forms(citizen_client, campaign, event):
    urls = [
        reverse("adoption:events_manage", args=[campaign.pk]),
        reverse("adoption:event_new", args=[campaign.pk]),
        reverse("adoption:event_edit", args=[event.pk]),
        reverse("adoption:event_cancel", args=[event.pk]),
    ]
    assert [citizen_client.get(url).status_code for url in urls] == [403, 403, 403, 403]


def test_a_resident_cannot_cancel_an_event_by_post(citizen_client, event):
    response = citizen_client.post(reverse("adoption:event_cancel", args=[event.pk]))
    event.refresh_from_db()
    assert (response.status_code, event.is_cancelled) == (403, False)


def test_an_official_moves_an_event_with_the_form(official_client, event, citizen):
    event_signup(actor=citizen, event=event)
    start = timezone.localtime(event.starts_at) + dt.timedelta(days=1)
    response = official_client.post(
        reverse("adoption:event_edit", args=[event.pk]),
        {
            "title": event.title,
            "description": event.description,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": event.place,
            "language": event.language,
            "capacity": "2",
        },
    )
    event.refresh_from_db()
    assert (response.status_code, event.starts_at) == (302, start)
    assert Notification.objects.filter(recipient=citizen, verb="adoption.event_moved").count() == 1


def test_an_official_cancels_an_event_after_confirming(official_client, event):
    assert official_client.get(reverse("adoption:event_cancel", args=[event.pk])).status_code == 200
    response = official_client.post(reverse("adoption:event_cancel", args=[event.pk]))
    event.refresh_from_db()
    assert (response.status_code, event.is_cancelled) == (302, True)


def test_the_officials_list_shows_every_event(official_client, event, official):
    event_cancel(actor=official, event=event)
    page = official_client.get(reverse("adoption:events_manage", args=[event.campaign.pk])).content.decode()
    assert ("Get your card at the library" in page, "Cancelled" in page) == (True, True)


# --- calendar feed ---------------------------------------------------------------------------------------------------


def test_the_calendar_feed_has_the_campaigns_events(client, event):
    response = client.get(reverse("adoption:events_ics", args=[event.campaign.pk]))
    body = response.content.decode()
    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    assert f"UID:adoption-event-{event.pk}@testserver" in body
    assert "LOCATION:Central library\\, room 2" in body
    assert f"DTSTART:{event.starts_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}" in body


def test_the_calendar_feed_marks_a_cancelled_event(client, event, official):
    event_cancel(actor=official, event=event)
    body = client.get(reverse("adoption:events_ics", args=[event.campaign.pk])).content.decode()
    assert "STATUS:CANCELLED" in body


def test_the_calendar_feed_of_an_unknown_campaign_is_not_found(client):
    assert client.get("/adoption/999999/events.ics").status_code == 404
