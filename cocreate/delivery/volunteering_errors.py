"""Refusals of co-delivery tasks (``volunteering.py``)."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class TaskTimesInvalid(CocreateError):
    code = "delivery_task_times_invalid"
    field = "ends_at"
    default_message = _("A task ends after it starts, and starts in the future.")


class TaskLocationIncomplete(CocreateError):
    code = "delivery_task_location_incomplete"
    field = "longitude"
    default_message = _("Give both the latitude and the longitude, or neither.")


class OrganiserNotOfficial(CocreateError):
    code = "delivery_task_organiser_not_official"
    field = "organiser"
    default_message = _("The organiser must be an official of the project's public body.")


class TaskStarted(CocreateError):
    code = "delivery_task_started"
    status = 409
    default_message = _("This task has already started: sign-ups and cancellations are closed.")


class AlreadySignedUp(CocreateError):
    code = "delivery_task_already_signed_up"
    status = 409
    default_message = _("You are already signed up for this task (or on its waiting list).")


class NotSignedUp(CocreateError):
    code = "delivery_task_not_signed_up"
    status = 409
    default_message = _("You are not signed up for this task.")


class CheckInNotOpen(CocreateError):
    code = "delivery_task_check_in_not_open"
    status = 409
    default_message = _("Only people who signed up for the task (not those waiting or who cancelled) are checked in.")


class HoursInvalid(CocreateError):
    code = "delivery_task_hours_invalid"
    field = "hours"
    default_message = _("Hours are a number from 0 to 24, given for people who attended.")


class CheckInNotYet(CocreateError):
    code = "delivery_task_check_in_not_yet"
    status = 409
    default_message = _("Check-in opens one hour before the task starts.")


class CheckInClosed(CocreateError):
    code = "delivery_task_check_in_closed"
    status = 409
    default_message = _("Check-in closed 30 days after the task ended: attendance and hours can no longer be changed.")


class TaskCancelled(CocreateError):
    code = "delivery_task_cancelled"
    status = 409
    default_message = _("This task was cancelled.")


class CapacityBelowSignedUp(CocreateError):
    code = "delivery_task_capacity_below_signed_up"
    field = "capacity"
    status = 409
    default_message = _("More people have a place than that: give at least as many places as people signed up.")


class TaskHasVolunteers(CocreateError):
    code = "delivery_task_has_volunteers"
    status = 409
    default_message = _(
        "People signed up for this task or were checked in: cancel it instead, so that they hear of it and the hours "
        "they gave are kept."
    )


class TaskOver(CocreateError):
    code = "delivery_task_over"
    status = 409
    default_message = _("This task is over: it can no longer be cancelled.")
