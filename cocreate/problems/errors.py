from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class TooManyPhotos(CocreateError):
    code = "too_many_photos"
    default_message = _("A problem can have at most 5 photos.")


class CategoryNotOffered(CocreateError):
    code = "category_not_offered"
    default_message = _("This category is not offered by this public body.")


class AnswerInvalid(CocreateError):
    code = "answer_invalid"

    def __init__(self, question, message):
        self.question = question
        super().__init__(message)


class LocationInvalid(CocreateError):
    code = "location_invalid"
    default_message = _("The location must have a latitude between -90 and 90 and a longitude between -180 and 180.")


class ReportsClosed(CocreateError):
    code = "reports_closed"
    status = 403
    default_message = _("This public body does not take problem reports here at the moment.")


class DuplicateOfItself(CocreateError):
    code = "duplicate_of_itself"
    default_message = _("A problem cannot be a duplicate of itself or of one of its own duplicates.")


class NotInOrganisation(CocreateError):
    code = "not_in_organisation"
    default_message = _("This person is not an official of the problem's public body.")


class ReporterContactRequired(CocreateError):
    code = "reporter_contact_required"
    default_message = _("Give the reporter's e-mail address or phone number (at least 6 digits).")


class ConfirmationLinkInvalid(CocreateError):
    code = "confirmation_link_invalid"
    status = 404
    default_message = _(
        "This confirmation link is not valid any more: the report was published already, or it was not confirmed in "
        "time and was deleted. You can report the problem again."
    )


class NotDone(CocreateError):
    code = "not_done"
    status = 409
    default_message = _("Only a problem marked as done can be confirmed as fixed or not fixed.")
