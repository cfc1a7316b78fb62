"""Information events in the JSON API (under ``/api/v1/adoption``): a campaign's events for everyone who may see it;
signing up and cancelling for the signed-in person (session authentication with the CSRF token, as the pages use);
announcing, changing and cancelling with an API key of the campaign's public body (``X-Api-Key``)."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth
from pydantic import field_validator

from cocreate.core import ratelimit
from cocreate.core.api import InputSchema
from cocreate.core.errors import NotFound, NotPermitted
from cocreate.core.http import refusal
from cocreate.core.inputs import date_in_range
from cocreate.problems.api_keys import api_key_authenticate

from . import event_queries, events, queries
from .event_models import MAX_EVENT_CAPACITY, InformationEvent
from .models import Campaign

router = Router()
WRITES_PER_KEY = (1000, 3600)


class EventOut(Schema):
    id: int
    campaign: int
    title: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    language: str
    capacity: int | None = Field(..., description="Null: room for everyone.")
    places_left: int | None = Field(..., description="Null: room for everyone.")
    cancelled: bool
    url: str


def _moment(value: dt.datetime | None) -> dt.datetime | None:
    """A time within the dates Cocreate stores; without a UTC offset, the site's local time."""
    if value is None:
        return None
    if not date_in_range(value):
        raise ValueError("give a date from 1900 to 2200")
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class EventIn(InputSchema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=4000)
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str = Field(..., min_length=1, max_length=300)
    language: str = Field(..., min_length=1, max_length=100)
    capacity: int | None = Field(None, ge=1, le=MAX_EVENT_CAPACITY)

    _times = field_validator("starts_at", "ends_at")(_moment)


class EventChangeIn(InputSchema):
    """Only the fields sent change; ``capacity: null`` removes the limit."""

    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=4000)
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    place: str | None = Field(None, min_length=1, max_length=300)
    language: str | None = Field(None, min_length=1, max_length=100)
    capacity: int | None = Field(None, ge=1, le=MAX_EVENT_CAPACITY)

    _times = field_validator("starts_at", "ends_at")(_moment)


class EventSignupOut(Schema):
    event: int
    signed_up: bool


def _event(event: InformationEvent) -> dict:
    return {
        "id": event.pk,
        "campaign": event.campaign_id,
        "title": event.title,
        "description": event.description,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "place": event.place,
        "language": event.language,
        "capacity": event.capacity,
        "places_left": event.places_left,
        "cancelled": event.is_cancelled,
        "url": event.get_absolute_url(),
    }


def _key(x_api_key: str):
    """The API key sent, rate-limited; a missing or unknown key is refused."""
    api_key = api_key_authenticate(x_api_key[:200]) if x_api_key else None
    if api_key is None:
        raise NotPermitted(_("X-Api-Key: give a valid API key."))
    if not ratelimit.hit(f"adoption_event:key:{api_key.pk}", limit=WRITES_PER_KEY[0], window=WRITES_PER_KEY[1]):
        raise ratelimit.RateLimited()
    return api_key


def _for_key(campaign: Campaign | None, api_key) -> None:
    """A key reaches the campaigns of its own public body, and sees the others as everyone does (a campaign it may
    not see is not found; one it may see is refused by the action)."""
    if campaign is None:
        raise NotFound()
    if campaign.organisation_id != api_key.organisation_id:
        queries.campaign_for_page(campaign.pk, AnonymousUser())


def _event_for_key(event_id: int, api_key) -> InformationEvent:
    event = InformationEvent.objects.select_related("campaign", "campaign__challenge").filter(pk=event_id).first()
    _for_key(event.campaign if event else None, api_key)
    return event


@router.get("/campaigns/{int:campaign_id}/events", response=list[EventOut])
@paginate(PageNumberPagination, page_size=50)
def list_events(request, campaign_id: int):
    """The campaign's events that are not over yet, the soonest first; cancelled ones say so."""
    campaign = queries.campaign_for_page(campaign_id, request.user)
    return [_event(e) for e in event_queries.api_events(campaign)]


@router.get("/events/{int:event_id}", response=EventOut)
def get_event(request, event_id: int):
    return _event(event_queries.event_for_page(event_id, request.user))


@router.post("/events/{int:event_id}/signup", response={201: EventSignupOut}, auth=django_auth)
def sign_up(request, event_id: int):
    """A place for you; refused (409) when the event is full, has started or is cancelled."""
    event = event_queries.event_for_page(event_id, request.user)
    events.event_signup(actor=request.user, event=event)
    return Status(201, {"event": event.pk, "signed_up": True})


@router.post("/events/{int:event_id}/cancel-signup", response=EventSignupOut, auth=django_auth)
def cancel_signup(request, event_id: int):
    event = event_queries.event_for_page(event_id, request.user)
    events.event_signup_cancel(actor=request.user, event=event)
    return {"event": event.pk, "signed_up": False}


@router.post("/campaigns/{int:campaign_id}/events", response={201: EventOut})
def create_event(request, campaign_id: int, payload: EventIn, x_api_key: str = Header("", alias="X-Api-Key")):
    """Announce an event, with an API key of the campaign's public body."""
    api_key = _key(x_api_key)
    campaign = Campaign.objects.select_related("challenge").filter(pk=campaign_id).first()
    _for_key(campaign, api_key)
    event = events.event_create(actor=None, campaign=campaign, api_key=api_key, **payload.dict())
    return Status(201, _event(event))


@router.patch("/events/{int:event_id}", response=EventOut)
def change_event(request, event_id: int, payload: EventChangeIn, x_api_key: str = Header("", alias="X-Api-Key")):
    """Change an event; the people signed up hear of a new time or place."""
    api_key = _key(x_api_key)
    event = _event_for_key(event_id, api_key)
    fields = payload.dict(exclude_unset=True)
    if any(value is None for name, value in fields.items() if name != "capacity"):
        raise refusal(400, _("Only the capacity may be null."))
    return _event(events.event_update(actor=None, event=event, api_key=api_key, **fields))


@router.post("/events/{int:event_id}/cancel", response=EventOut)
def cancel_event(request, event_id: int, x_api_key: str = Header("", alias="X-Api-Key")):
    """Cancel an event; the people signed up are told."""
    api_key = _key(x_api_key)
    event = _event_for_key(event_id, api_key)
    return _event(events.event_cancel(actor=None, event=event, api_key=api_key))
