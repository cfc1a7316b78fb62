"""Named errors of prototype test rounds."""

from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class InvalidRound(CocreateError):
    code = "test_round_invalid"
    default_message = _("The test round could not be saved; see the messages beside the fields.")

    def __init__(self, errors: dict, message=None):
        self.errors = errors  # field -> messages
        super().__init__(message)


class InvalidFeedback(CocreateError):
    code = "test_feedback_invalid"
    default_message = _("Your feedback could not be saved; see the messages beside the questions.")

    def __init__(self, errors: dict, message=None):
        self.errors = errors  # place ("tasks.2", "sus.4", "answers.0", "comment") -> messages
        super().__init__(message)


class RoundNotOpen(CocreateError):
    code = "test_round_not_open"
    status = 409
    default_message = _("Sign-up for this test round is closed.")


class RoundFinished(CocreateError):
    code = "test_round_finished"
    status = 409
    default_message = _("This test round has finished; what was given in it can no longer change.")


class RoundNotFinished(CocreateError):
    code = "test_round_not_finished"
    status = 409
    default_message = _("Findings are recorded once the test round has finished.")


class RoundHasFeedback(CocreateError):
    code = "test_round_has_feedback"
    status = 409
    default_message = _(
        "Testers have already given feedback, so what the round tests can no longer change. Start a new round instead."
    )


class RoundFull(CocreateError):
    code = "test_round_full"
    status = 409
    default_message = _("Every place in this test round is taken. Decline a confirmed tester first, or add places.")


class StatusNotAllowed(CocreateError):
    code = "test_round_status_not_allowed"
    default_message = _("A test round cannot change to that status from the one it has.")


class AlreadySignedUp(CocreateError):
    code = "test_round_already_signed_up"
    status = 409
    default_message = _("You have already signed up for this test round.")


class NotATester(CocreateError):
    code = "test_round_not_a_tester"
    status = 403
    default_message = _("Only testers confirmed for this round can give feedback on it.")


class HasGivenFeedback(CocreateError):
    code = "test_round_tester_has_feedback"
    status = 409
    default_message = _("This tester has already given feedback, so their place stays theirs.")


class FindingNotAnswerable(CocreateError):
    code = "test_finding_not_answerable"
    default_message = _(
        "A version can only answer findings of its own design that are still open and come from an earlier version."
    )


class NotSignedUp(CocreateError):
    code = "test_round_not_signed_up"
    status = 404
    default_message = _("You have not signed up for this test round.")
