from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class VotingClosed(CocreateError):
    code = "decision_voting_closed"
    status = 409
    default_message = _("Voting is not open for this decision.")


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


# --- results


class NotAVote(CocreateError):
    code = "decision_not_a_vote"
    status = 409
    default_message = _("This decision is not made by a vote.")


class AlreadyCounted(CocreateError):
    code = "decision_already_counted"
    status = 409
    default_message = _("Voting has already been closed and the ballots are being counted or have been counted.")


class NotASelection(CocreateError):
    code = "decision_not_a_selection"
    status = 409
    default_message = _("The projects of this decision are chosen by a vote, not by officials.")


class SelectionInvalid(CocreateError):
    code = "decision_selection_invalid"
    default_message = _("This selection cannot be recorded; see the messages beside the projects.")

    def __init__(self, message=None, *, errors=None):
        self.errors = dict(errors or {})  # project pk -> sentence
        super().__init__(message)


class InvalidPabulibFile(CocreateError):
    code = "decision_invalid_pabulib_file"
    default_message = _("This file cannot be read as a Pabulib file.")
