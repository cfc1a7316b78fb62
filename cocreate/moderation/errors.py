from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class AlreadyFlagged(CocreateError):
    code = "already_flagged"
    status = 409
    default_message = _("You have already reported this. The moderators will look at it.")


class AlreadyHidden(CocreateError):
    code = "already_hidden"
    status = 409
    default_message = _("This is already hidden by moderation.")


class ReasonRequired(CocreateError):
    code = "reason_required"
    default_message = _("Give the public reason for hiding this.")


class DecisionNotAllowed(CocreateError):
    code = "decision_not_allowed"
    status = 409
    default_message = _("This decision does not fit the item's current state; reload the page.")


class NotAParticipant(CocreateError):
    code = "not_a_participant"
    default_message = _("This person has not taken part in your organisation's engagements.")


class CannotSuspend(CocreateError):
    code = "cannot_suspend"
    default_message = _("This account cannot be suspended: it belongs to the organisation's staff or to yourself.")


class SuspensionLength(CocreateError):
    code = "suspension_length"
    default_message = _("A suspension lasts between 1 and 365 days.")


class AlreadySuspended(CocreateError):
    code = "already_suspended"
    status = 409
    default_message = _("This person is already suspended by your organisation.")


class SuspensionNotActive(CocreateError):
    code = "suspension_not_active"
    status = 409
    default_message = _("This suspension has already ended or been lifted.")


class UnknownReason(CocreateError):
    code = "unknown_reason"
    default_message = _("Choose why you report this.")
