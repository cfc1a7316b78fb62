"""Errors raised by the sensemaking package.

Every problem with the input (empty data, malformed files, values that cannot be interpreted) is reported as a
:class:`SensemakingError` with a message meant for the person who supplied the data.
"""


class SensemakingError(ValueError):
    """Input that the sensemaking methods cannot work with, explained in a readable message."""


class BassInputError(SensemakingError):
    """Adoption counts that the Bass diffusion model cannot be fitted to (see :mod:`cocreate.sensemaking.bass`)."""

    code = "bass_input"


class TooFewPointsError(BassInputError):
    """Fewer than four counts, or fewer than three periods in which someone adopted: nothing to fit three
    parameters to."""

    code = "bass_too_few_points"


class NonFiniteValueError(BassInputError):
    """A time or a count that is not a number (NaN) or is infinite."""

    code = "bass_not_finite"


class NegativeValueError(BassInputError):
    """A time before the launch or a negative count."""

    code = "bass_negative"


class UnorderedTimesError(BassInputError):
    """Times that are not strictly increasing (two counts at the same time, or out of order)."""

    code = "bass_unordered_times"


class DecreasingCumulativeError(BassInputError):
    """A cumulative count smaller than the one before it: adopters cannot be un-counted."""

    code = "bass_decreasing"


class BassFitError(SensemakingError):
    """Counts that are valid but do not determine the model: typically adoption still growing exponentially, so no
    market size can be estimated yet."""

    code = "bass_no_fit"
