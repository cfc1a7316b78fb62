"""Errors raised by the sensemaking package.

Every problem with the input (empty data, malformed files, values that cannot be interpreted) is reported as a
:class:`SensemakingError` with a message meant for the person who supplied the data.
"""


class SensemakingError(ValueError):
    """Input that the sensemaking methods cannot work with, explained in a readable message."""
