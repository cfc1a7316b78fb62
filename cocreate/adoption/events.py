"""Every write of information events: officials of the campaign's public body (on the pages, or an application with
their API key) announce, change and cancel them; signed-in residents sign up and cancel. One transaction each, with
its activity entry on the campaign; the people signed up hear when an event is cancelled or moved.

A place is never given twice: sign-up and cancellation lock the event's row before they count, and the stored count
is also held at or below the capacity by a database constraint.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cocreate.activity.actions import activity_record
from cocreate.core.permissions import require_perm
from cocreate.engagement.actions import notify

from .errors import ApiKeyNotForCampaign
from .event_errors import (
    AlreadySignedUpForEvent,
    EventCancelled,
    EventCapacityTooSmall,
    EventFull,
    EventOver,
    EventTimesInvalid,
    NotSignedUpForEvent,
)
from .event_models import EventSignup, InformationEvent
from .models import Campaign

EVENT_FIELDS = ("title", "description", "starts_at", "ends_at", "place", "language", "capacity")
# A change of one of these is a move: the people signed up are told.
MOVING_FIELDS = ("starts_at", "ends_at", "place")


def _official(actor, campaign: Campaign, perm: str, obj, api_key):
    """The actor to record: the official, or the service account of an API key of the campaign's public body."""
    if api_key is not None:
        if api_key.organisation_id != campaign.organisation_id:
            raise ApiKeyNotForCampaign()
        return api_key.user
    require_perm(actor, perm, obj)
    return actor


def _record(actor, verb: str, event: InformationEvent, *, public: bool = True) -> None:
    activity_record(actor=actor, verb=verb, target=event.campaign, public=public, data={"event": event.pk})


def _clean(fields: dict) -> dict:
    return {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}


def _locked(event: InformationEvent) -> InformationEvent:
    """The event's row, locked until the transaction ends: sign-ups and cancellations of one event queue here."""
    return InformationEvent.objects.select_for_update().select_related("campaign").get(pk=event.pk)


def _signed_up(event: InformationEvent) -> list[int]:
    return list(EventSignup.objects.filter(event=event).values_list("user_id", flat=True))


@transaction.atomic
def event_create(
    *,
    actor,
    campaign: Campaign,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    language: str,
    description: str = "",
    capacity: int | None = None,
    api_key=None,
) -> InformationEvent:
    """Announce an event of the campaign; it starts in the future and ends after it starts."""
    actor = _official(actor, campaign, "adoption.add_informationevent", campaign, api_key)
    if ends_at <= starts_at or starts_at <= timezone.now():
        raise EventTimesInvalid()
    fields = _clean({"title": title, "description": description, "place": place, "language": language})
    event = InformationEvent.objects.create(
        campaign=campaign, starts_at=starts_at, ends_at=ends_at, capacity=capacity, **fields
    )
    _record(actor, "adoption.event_created", event)
    return event


@transaction.atomic
def event_update(*, actor, event: InformationEvent, api_key=None, **fields) -> InformationEvent:
    """Change an event. New times start in the future; the places are at least the people signed up. When the time
    or the place changes, everyone signed up is told."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"event_update() got unknown fields {sorted(unknown)}")
    actor = _official(actor, event.campaign, "adoption.change_informationevent", event, api_key)
    event = _locked(event)
    if event.is_cancelled:
        raise EventCancelled()
    fields = {name: value for name, value in _clean(fields).items() if getattr(event, name) != value}
    starts_at, ends_at = fields.get("starts_at", event.starts_at), fields.get("ends_at", event.ends_at)
    if ends_at <= starts_at or ("starts_at" in fields and starts_at <= timezone.now()):
        raise EventTimesInvalid()
    capacity = fields.get("capacity", event.capacity)
    if capacity is not None and capacity < event.signup_count:
        raise EventCapacityTooSmall()
    if not fields:
        return event
    for name, value in fields.items():
        setattr(event, name, value)
    event.save(update_fields=[*fields, "updated_at"])
    _record(actor, "adoption.event_changed", event)
    if any(name in fields for name in MOVING_FIELDS):
        when = timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M")
        notify(
            recipients=_signed_up(event),
            actor=actor,
            verb="adoption.event_moved",
            target=event,
            text=f"{when} — {event.place}"[:300],
        )
    return event


@transaction.atomic
def event_cancel(*, actor, event: InformationEvent, api_key=None) -> InformationEvent:
    """Cancel an event; the people signed up are told (their sign-ups stay, to show what they had planned)."""
    actor = _official(actor, event.campaign, "adoption.change_informationevent", event, api_key)
    event = _locked(event)
    if event.is_cancelled:
        raise EventCancelled()
    event.cancelled_at = timezone.now()
    event.save(update_fields=["cancelled_at", "updated_at"])
    _record(actor, "adoption.event_cancelled", event)
    notify(recipients=_signed_up(event), actor=actor, verb="adoption.event_cancelled", target=event, text=event.title)
    return event


@transaction.atomic
def event_signup(*, actor, event: InformationEvent) -> EventSignup:
    """A place for the person, if the event is still to come, not cancelled and not full."""
    require_perm(actor, "adoption.signup_informationevent", event)
    event = _locked(event)
    if event.is_cancelled:
        raise EventCancelled()
    if event.starts_at <= timezone.now():
        raise EventOver()
    if EventSignup.objects.filter(event=event, user=actor).exists():
        raise AlreadySignedUpForEvent()
    if event.capacity is not None and event.signup_count >= event.capacity:
        raise EventFull()
    try:
        with transaction.atomic():
            signup = EventSignup.objects.create(event=event, user=actor)
    except IntegrityError as error:  # the same person's second request at the same moment
        raise AlreadySignedUpForEvent() from error
    InformationEvent.objects.filter(pk=event.pk).update(signup_count=F("signup_count") + 1)
    _record(actor, "adoption.event_signed_up", event, public=False)
    return signup


@transaction.atomic
def event_signup_cancel(*, actor, event: InformationEvent) -> None:
    """The person gives their place back, while the event is still to come."""
    event = _locked(event)
    if event.starts_at <= timezone.now():
        raise EventOver()
    deleted, _rows = EventSignup.objects.filter(event=event, user=actor).delete()
    if not deleted:
        raise NotSignedUpForEvent()
    InformationEvent.objects.filter(pk=event.pk).update(signup_count=F("signup_count") - 1)
    _record(actor, "adoption.event_signup_cancelled", event, public=False)


@transaction.atomic
def erase_signups(user) -> None:
    """An erased person's sign-ups go; the places they held on events still to come are free again."""
    for signup in EventSignup.objects.filter(user=user).select_related("event"):
        event = _locked(signup.event)
        signup.delete()
        InformationEvent.objects.filter(pk=event.pk).update(signup_count=F("signup_count") - 1)
