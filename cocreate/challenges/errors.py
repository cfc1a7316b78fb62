from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError
from cocreate.core.inputs import EARLIEST_DATE, LATEST_DATE


class UnknownStageType(CocreateError):
    code = "unknown_stage_type"
    default_message = _("This stage type is not available.")


class StageDatesInvalid(CocreateError):
    code = "stage_dates_invalid"
    default_message = _("Each stage must end after it starts, and stages must not overlap.")


class StageDatesOutOfRange(CocreateError):
    code = "stage_dates_out_of_range"

    def __init__(self):
        super().__init__(
            _("Stages must start and end from %(earliest)s to %(latest)s.")
            % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()}
        )


class StageOpenEndedNotLast(CocreateError):
    code = "stage_open_ended_not_last"
    default_message = _("Only the last stage may stay open with no end. Give this stage a last day.")


class UnknownProcessTemplate(CocreateError):
    code = "unknown_process_template"
    default_message = _("There is no such process template.")


class ChallengeHasNoStages(CocreateError):
    code = "challenge_has_no_stages"
    default_message = _("Add at least one stage before publishing the challenge.")


class DepartmentOfAnotherOrganisation(CocreateError):
    code = "department_of_another_organisation"
    default_message = _("The owning department must belong to the challenge's public body.")


class AlreadyPublished(CocreateError):
    code = "already_published"
    status = 409
    default_message = _("This challenge is already published.")


class StageHasContributions(CocreateError):
    code = "stage_has_contributions"
    status = 409
    default_message = _(
        "A stage in which people have already taken part cannot be removed. Keep it (its dates may change) and add "
        "the new stages around it."
    )


class StageHasNoSettings(CocreateError):
    code = "stage_has_no_settings"
    status = 404
    default_message = _("This stage has nothing to set.")


class NoNextStage(CocreateError):
    code = "no_next_stage"
    status = 409
    default_message = _("There is no later stage to open.")


class IndicatorHasMeasurements(CocreateError):
    code = "indicator_has_measurements"
    status = 409
    default_message = _(
        "An outcome indicator that has measurements cannot be removed. Keep it (its name, baseline and target may "
        "change)."
    )


class MeasurementDateInvalid(CocreateError):
    code = "measurement_date_invalid"
    field = "measured_on"

    def __init__(self):
        super().__init__(
            _("Give the day of the measurement, from %(earliest)s to today.") % {"earliest": EARLIEST_DATE.isoformat()}
        )


class MeasurementValueOutOfRange(CocreateError):
    code = "measurement_value_out_of_range"
    field = "value"
    default_message = _("Give a number below one trillion (1,000,000,000,000), with at most two decimals.")


class MeasurementsFileInvalid(CocreateError):
    """A CSV file of measurements that cannot be imported; ``errors`` lists what is wrong, row by row."""

    code = "measurements_file_invalid"
    field = "file"
    default_message = _("The file was not imported: nothing was changed. Correct these rows and upload it again.")

    def __init__(self, errors: list):
        super().__init__()
        self.errors = errors


class MeasurementTextInvalid(CocreateError):
    code = "measurement_text_invalid"

    def __init__(self, field: str, limit: int):
        super().__init__(_("Write at most %(count)d characters, without control characters.") % {"count": limit})
        self.field = field
