from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class DecisionNotClosed(CocreateError):
    code = "delivery_decision_not_closed"
    status = 409
    default_message = _("The decision has no published result yet: projects are made from the projects it selected.")


class NotSelected(CocreateError):
    code = "delivery_not_selected"
    status = 409
    default_message = _("Only what was selected becomes an implementation project.")


class NotInChallenge(CocreateError):
    code = "delivery_not_in_challenge"
    status = 404
    default_message = _("This challenge has no such design (or idea) that could be selected.")


class NotADeliveryStage(CocreateError):
    code = "delivery_not_a_delivery_stage"
    status = 404
    default_message = _("This challenge has no delivery stage.")


class InvalidParent(CocreateError):
    code = "delivery_invalid_parent"
    field = "parent"
    default_message = _("A project can only be part of another project of the same challenge that is not part of it.")


class MilestoneAlreadyReached(CocreateError):
    code = "delivery_milestone_already_reached"
    status = 409
    default_message = _("This milestone was already reached.")


class ImpossibleDate(CocreateError):
    code = "delivery_impossible_date"
    field = "reached_on"
    default_message = _("A milestone cannot be reached on a day that has not come yet.")


class BudgetImportInvalid(CocreateError):
    """A budget file with errors: nothing of it was imported. ``errors`` lists each, by row number."""

    code = "delivery_budget_import_invalid"
    field = "file"
    default_message = _("The file was not imported: correct the rows below and send it again.")

    def __init__(self, message=None, *, errors=()):
        self.errors = list(errors)
        super().__init__(message)


class LocationIncomplete(CocreateError):
    code = "delivery_location_incomplete"
    field = "longitude"
    default_message = _("Give both the latitude and the longitude, or neither.")


class ProgressOutOfRange(CocreateError):
    code = "delivery_progress_out_of_range"
    field = "progress"
    default_message = _("Progress is a whole number from 0 to 100.")
