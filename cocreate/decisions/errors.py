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


# --- managing -------------------------------------------------------------------------------------------------------


class SettingsLocked(CocreateError):
    code = "decision_settings_locked"
    status = 409
    default_message = _("Ballots have been cast, so the settings that decide what a ballot means can no longer change.")


class ProjectOnBallots(CocreateError):
    code = "decision_project_on_ballots"
    status = 409
    default_message = _("Ballots name this project, so it can no longer be changed or removed.")


class BudgetHasBallots(CocreateError):
    code = "decision_budget_has_ballots"
    status = 409
    default_message = _(
        "Ballots have been cast in this budget, so its amount can no longer change nor can it be removed."
    )


class NotACandidate(CocreateError):
    code = "decision_not_a_candidate"
    default_message = _(
        "This item cannot go on this decision's ballot (it is not ready for a decision, or already on it)."
    )


class CodesNotTaken(CocreateError):
    code = "decision_codes_not_taken"
    status = 409
    default_message = _("This vote takes no voting codes: let holders of a printed code vote in the settings first.")


class CountingStarted(CocreateError):
    code = "decision_counting_started"
    status = 409
    default_message = _("The count has started, so ballots can no longer be entered or changed.")


class SheetEnteredTwiceBySamePerson(CocreateError):
    code = "decision_sheet_same_official"
    status = 409
    default_message = _("You have already entered this sheet. A second official must enter it.")


class SheetAlreadyCounted(CocreateError):
    code = "decision_sheet_counted"
    status = 409
    default_message = _("This sheet has already been entered twice and counted.")


class SheetDistrictDiffers(CocreateError):
    code = "decision_sheet_district_differs"
    default_message = _(
        "This sheet was first entered with another district. Check the polling place, the sheet number and the "
        "district."
    )


class SheetNeedsResolving(CocreateError):
    code = "decision_sheet_needs_resolving"
    status = 409
    default_message = _("This sheet's two entries differ: an official resolves it in the list of sheets to check.")


class BatchSizeOutOfRange(CocreateError):
    code = "decision_batch_size_out_of_range"
    default_message = _("A batch holds 1 to 10,000 codes; make several batches for more.")


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
