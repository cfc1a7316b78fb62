from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class VotingClosed(CocreateError):
    code = "decision_voting_closed"
    status = 409
    default_message = _("Voting is not open for this decision.")


class InvalidBallot(CocreateError):
    code = "decision_invalid_ballot"
    default_message = _("This ballot cannot be counted; see the message beside the projects.")


class CountsHidden(CocreateError):
    code = "decision_counts_hidden"
    status = 403
    default_message = _("Counts are not shown while voting is open.")
