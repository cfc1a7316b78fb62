"""Refusals of information events (``events.py``)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class EventTimesInvalid(CocreateError):
    code = "adoption_event_times_invalid"
    field = "ends_at"
    default_message = _("An event ends after it starts, and starts in the future.")


class EventCapacityTooSmall(CocreateError):
    code = "adoption_event_capacity_too_small"
    status = 409
    field = "capacity"
    default_message = _("More people have already signed up than this number of places.")


class EventFull(CocreateError):
    code = "adoption_event_full"
    status = 409
    default_message = _("This event is full: every place is taken.")


class EventOver(CocreateError):
    code = "adoption_event_over"
    status = 409
    default_message = _("This event has already started: sign-ups are closed.")


class EventCancelled(CocreateError):
    code = "adoption_event_cancelled"
    status = 409
    default_message = _("This event is cancelled.")


class AlreadySignedUpForEvent(CocreateError):
    code = "adoption_event_already_signed_up"
    status = 409
    default_message = _("You are already signed up for this event.")


class NotSignedUpForEvent(CocreateError):
    code = "adoption_event_not_signed_up"
    status = 409
    default_message = _("You are not signed up for this event.")
