from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class InvalidPair(CocreateError):
    """Raised by the wiki survey's reads (an unknown or stale pair token) and by its vote."""

    code = "wikisurvey_invalid_pair"
    status = 400
    default_message = _("These two ideas are no longer a pair of this wiki survey. Please vote on the new pair.")


class PairAlreadyAnswered(InvalidPair):
    """A pair is answered once: its token came back after its vote was counted (a replay, or a second click)."""

    code = "wikisurvey_pair_answered"
    status = 409
    default_message = _("Your vote on this pair was already counted. Here is the next pair.")


class PairOfAnotherParticipant(InvalidPair):
    code = "wikisurvey_pair_of_another_participant"
    status = 403
    default_message = _("This pair was shown to someone else. Here is a pair for you.")


class NotAwaitingModeration(CocreateError):
    code = "idea_not_awaiting_moderation"
    status = 409
    default_message = _("This idea has already been moderated.")
