from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class InvalidContent(CocreateError):
    code = "design_content_invalid"
    default_message = _("Some sections could not be saved; see the messages beside them.")

    def __init__(self, errors: dict, message=None):
        self.errors = errors  # place ("costs.2.yearly") -> messages
        super().__init__(message)


class VersionConflict(CocreateError):
    code = "design_version_conflict"
    status = 409
    default_message = _(
        "Someone saved a newer version while you were writing. Your text is below, unsaved: compare it with the "
        "newer version, then save again."
    )


class NothingChanged(CocreateError):
    code = "design_nothing_changed"
    default_message = _("Nothing changed since the last version, so no new version was saved.")


class NoSuchVersion(CocreateError):
    code = "design_no_such_version"
    status = 404
    default_message = _("This design has no such version.")


class IdeaNotInChallenge(CocreateError):
    code = "design_idea_not_in_challenge"
    default_message = _("A design is built from ideas and problems of its own challenge that you can see.")


class AlreadyInvited(CocreateError):
    code = "design_already_invited"
    status = 409
    default_message = _("This person is already invited to write this design, or writes it already.")


class NoInvitation(CocreateError):
    code = "design_no_invitation"
    status = 404
    default_message = _("There is no open invitation for you to write this design.")


class AlreadyWithdrawn(CocreateError):
    code = "design_already_withdrawn"
    status = 409
    default_message = _("This design has already been withdrawn.")


class UnknownSection(CocreateError):
    code = "design_unknown_section"
    default_message = _("A design has no such section.")


class AmendmentsClosed(CocreateError):
    code = "design_amendments_closed"
    status = 409
    default_message = _("This design takes no new amendments. Those already made stay visible.")


class AmendmentNotOpen(CocreateError):
    code = "design_amendment_not_open"
    status = 409
    default_message = _("This amendment has already been answered.")


class AmendmentOutdated(CocreateError):
    code = "design_amendment_outdated"
    status = 409
    default_message = _(
        "The section has changed since this amendment was proposed, so accepting it would undo that change. Ask the "
        "proposer to update it."
    )


class AnswerRequired(CocreateError):
    code = "design_answer_required"
    default_message = _("Say why, in a few words: the proposer and everyone else will read it.")


# Feasibility reviews


class ReviewOutstanding(CocreateError):
    code = "design_review_outstanding"
    status = 409
    default_message = _(
        "This department has not yet given its verdict on this design. It can be asked again once it has answered."
    )


class VersionAlreadyReviewed(CocreateError):
    code = "design_version_already_reviewed"
    status = 409
    default_message = _("This department has already been asked to review this version. Ask it about a newer one.")


class DepartmentNotOfBody(CocreateError):
    code = "design_review_department_not_of_body"
    default_message = _("Only the departments of the design's own public body can be asked for a review.")


class ReviewAlreadyGiven(CocreateError):
    code = "design_review_already_given"
    status = 409
    default_message = _(
        "This review has already been given, and a verdict is final. A newer version can be reviewed by a new request."
    )


class ReviewIncomplete(CocreateError):
    code = "design_review_incomplete"
    default_message = _("Choose a verdict and give the public reasoning for it.")
