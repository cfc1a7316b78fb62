"""Reads of information events: the one way to fetch an event for a person, a campaign's events, and a person's
sign-ups."""

from django.db.models import QuerySet
from django.utils import timezone

from cocreate.core.errors import NotFound
from cocreate.core.inputs import parse_int

from .event_models import EventSignup, InformationEvent
from .models import Campaign

FEED_LIMIT = 1000


def event_for_page(pk, user) -> InformationEvent:
    """The event for a person: 404 when it does not exist or they may not see its campaign's challenge."""
    pk = parse_int(pk)
    event = (
        InformationEvent.objects.select_related(
            "campaign", "campaign__stage", "campaign__challenge", "campaign__challenge__organisation"
        )
        .filter(pk=pk)
        .first()
        if pk is not None
        else None
    )
    if event is None or not user.has_perm("adoption.view_campaign", event.campaign):
        raise NotFound()
    return event


def upcoming_events(campaign: Campaign) -> QuerySet[InformationEvent]:
    """Events still to come that are not cancelled, the soonest first."""
    return InformationEvent.objects.filter(campaign=campaign, cancelled_at=None, starts_at__gt=timezone.now())


def events_of(campaign: Campaign) -> QuerySet[InformationEvent]:
    """Every event of the campaign, cancelled and past ones too, the latest first (the officials' list)."""
    return InformationEvent.objects.filter(campaign=campaign).order_by("-starts_at", "-pk")


def api_events(campaign: Campaign) -> QuerySet[InformationEvent]:
    """Events not over yet, cancelled ones too (so that an application learns of the cancellation)."""
    return InformationEvent.objects.filter(campaign=campaign, ends_at__gt=timezone.now()).select_related("campaign")


def feed_events(campaign: Campaign) -> QuerySet[InformationEvent]:
    """The calendar feed: the campaign's events, the latest first, at most ``FEED_LIMIT``."""
    return events_of(campaign)[:FEED_LIMIT]


def signup_of(event: InformationEvent, user) -> EventSignup | None:
    if not user.is_authenticated:
        return None
    return EventSignup.objects.filter(event=event, user=user).first()


def signed_up_event_ids(user, events) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(EventSignup.objects.filter(user=user, event__in=events).values_list("event_id", flat=True))


def signups_of_person(user) -> QuerySet[EventSignup]:
    return EventSignup.objects.filter(user=user).select_related("event", "event__campaign").order_by("pk")
