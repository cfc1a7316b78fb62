from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError, NotPermitted


class VotingClosed(NotPermitted):  # not permitted now: refused as every stage refuses what it does not allow
    code = "decision_voting_closed"
    status = 409
    default_message = _("Voting is not open for this decision.")


class NotEligible(CocreateError):
    """A voter did not confirm what the decision asks of its voters (their district, age or condition)."""

    code = "decision_not_eligible"
    default_message = _("Confirm that you may vote in this decision first.")

    def __init__(self, message=None, *, errors=None):
        self.errors = errors or {}  # place -> messages
        super().__init__(message)


class InvalidBallot(CocreateError):
    code = "decision_invalid_ballot"
    default_message = _("This ballot cannot be counted; see the message beside the projects.")

    def __init__(self, message=None, *, errors=()):
        self.errors = list(errors)  # every reason, as sentences for the voter
        super().__init__(message or (self.errors[0] if len(self.errors) == 1 else None))


class InvalidCode(CocreateError):
    code = "decision_invalid_code"
    default_message = _("This voting code is not valid for this vote, or it has been used.")


class CountsHidden(CocreateError):
    code = "decision_counts_hidden"
    status = 403
    default_message = _("Counts are not shown while voting is open.")
