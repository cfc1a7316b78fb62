"""Reading what comes from outside: whole numbers, dates within a sane range, and text without control characters.

Every id, page number or count that a request carries goes through :func:`parse_int`; every date a form, a schema or
Open311 accepts is checked against :data:`EARLIEST_DATE` and :data:`LATEST_DATE`; ``RequestInputMiddleware`` strips
control characters from every query string and posted field with :func:`strip_control_characters`.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The largest value a 64-bit database integer holds; ids and counts beyond it can name nothing.
MAX_INTEGER = 2**63 - 1
_INTEGER = re.compile(r"-?[0-9]{1,19}")

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)

# C0 and C1 control characters and DEL, except tab, line feed and carriage return; and the two code points that XML
# cannot carry.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# What XML 1.0 cannot carry at all (C1 controls are allowed there).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse_int(value, *, minimum: int = 1, maximum: int = MAX_INTEGER) -> int | None:
    """``value`` as a whole number from ``minimum`` to ``maximum`` (ids by default), or None.

    Only ASCII digits count: ``"²"`` passes ``str.isdigit()``, yet ``int()`` refuses it.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if minimum <= number <= maximum else None


def date_in_range(value: dt.date | dt.datetime | None) -> bool:
    if value is None:
        return True
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST_DATE <= day <= LATEST_DATE


def validate_date_in_range(value) -> None:
    if not date_in_range(value):
        raise ValidationError(
            _("Give a date from %(earliest)s to %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )


def strip_control_characters(text: str) -> str:
    """``text`` without control characters; tabs and line breaks stay."""
    return _CONTROL.sub("", text)


def has_control_characters(text: str) -> bool:
    return _CONTROL.search(text) is not None


def xml_safe(text: str) -> str:
    """``text`` without the characters that make an XML document ill-formed (for text stored before they were
    stripped on the way in)."""
    return _NOT_XML.sub("", text)
