"""Every write of outcome measurements: one recorded by hand, or many imported from a CSV file.

Kept apart from ``actions.py`` (the challenge's own writes), which this would bring close to the size we split at.

A measurement is one value of an indicator on a day, from a source. There is at most one per indicator, day and
source: recording or importing a value for a day and source that already have one *replaces* it (its value and
note), so that importing the same file twice changes nothing and a corrected file corrects. Both actions validate
what they are given themselves (dates, sizes of numbers, text), so the pages, the API and scripts are held to the
same rules.

The CSV format (``docs/outcomes.md`` explains it to officials): UTF-8 text, comma-separated, a header row naming the
columns ``date`` and ``value`` and optionally ``source`` and ``note``, in any order; one measurement per row. Dates
are written ``YYYY-MM-DD``; values with a point for decimals (``12.5``), at most two decimals and below one trillion.
Empty rows are skipped. Rows are numbered as a spreadsheet numbers them: the header is row 1. A file with any wrong
row imports nothing, and the refusal lists every wrong row (the first :data:`MAX_ERRORS_SHOWN`).
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.activity.actions import activity_record
from cocreate.core.inputs import EARLIEST_DATE, has_control_characters
from cocreate.core.permissions import require_perm

from .errors import (
    MeasurementDateInvalid,
    MeasurementsFileInvalid,
    MeasurementTextInvalid,
    MeasurementValueOutOfRange,
)
from .models import IndicatorMeasurement, OutcomeIndicator

MAX_VALUE = Decimal(10) ** 12  # values are stored with 14 digits, two of them decimals
MAX_SOURCE_LENGTH = 200
MAX_NOTE_LENGTH = 1000
MAX_FILE_BYTES = 1_000_000
MAX_ROWS = 5000
MAX_ERRORS_SHOWN = 20
COLUMNS = ("date", "value", "source", "note")
REQUIRED_COLUMNS = ("date", "value")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


@dataclass(frozen=True)
class MeasurementSpec:
    measured_on: dt.date
    value: Decimal
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class ImportResult:
    created: int
    replaced: int
    unchanged: int


def check_date(day: dt.date) -> None:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise MeasurementDateInvalid()
    if day < EARLIEST_DATE or day > timezone.localdate():
        raise MeasurementDateInvalid()


def check_value(value: Decimal) -> None:
    if not isinstance(value, Decimal) or not value.is_finite() or abs(value) >= MAX_VALUE:
        raise MeasurementValueOutOfRange()
    if value != value.quantize(Decimal("0.01"), rounding="ROUND_DOWN"):
        raise MeasurementValueOutOfRange()


def _store(*, actor, indicator: OutcomeIndicator, spec: MeasurementSpec) -> str:
    """Create or replace the measurement of this day and source; returns "created", "replaced" or "unchanged"."""
    existing = (
        IndicatorMeasurement.objects.select_for_update()
        .filter(indicator=indicator, measured_on=spec.measured_on, source=spec.source)
        .first()
    )
    value = spec.value.quantize(Decimal("0.01"))
    if existing is None:
        IndicatorMeasurement.objects.create(
            indicator=indicator,
            measured_on=spec.measured_on,
            value=value,
            source=spec.source,
            note=spec.note,
            recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        return "created"
    if existing.value == value and existing.note == spec.note:
        return "unchanged"
    existing.value, existing.note = value, spec.note
    existing.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    existing.save(update_fields=["value", "note", "recorded_by"])
    return "replaced"


def _clean_text(text: str, *, limit: int) -> str | None:
    """``text`` stripped, or None when it holds control characters or is too long."""
    text = (text or "").strip()
    if "\x00" in text or has_control_characters(text) or len(text) > limit:
        return None
    return text


@transaction.atomic
def indicator_measurement_record(
    *,
    actor,
    indicator: OutcomeIndicator,
    measured_on: dt.date,
    value: Decimal,
    source: str = "",
    note: str = "",
) -> IndicatorMeasurement:
    """Record one measurement of ``indicator``; one already recorded for that day and source is replaced."""
    challenge = indicator.challenge
    require_perm(actor, "challenges.record_measurement", challenge)
    check_date(measured_on)
    check_value(value)
    cleaned = {}
    for name, text, limit in (("source", source, MAX_SOURCE_LENGTH), ("note", note, MAX_NOTE_LENGTH)):
        cleaned[name] = _clean_text(text, limit=limit)
        if cleaned[name] is None:
            raise MeasurementTextInvalid(name, limit)
    source, note = cleaned["source"], cleaned["note"]
    outcome = _store(
        actor=actor,
        indicator=indicator,
        spec=MeasurementSpec(measured_on=measured_on, value=value, source=source, note=note),
    )
    activity_record(
        actor=actor,
        verb="indicator.measured",
        target=challenge,
        public=challenge.is_published,
        data={"indicator": indicator.pk, "measured_on": measured_on.isoformat(), "value": str(value), "how": outcome},
    )
    return IndicatorMeasurement.objects.get(indicator=indicator, measured_on=measured_on, source=source)


@transaction.atomic
def indicator_measurements_import(*, actor, indicator: OutcomeIndicator, csv_file) -> ImportResult:
    """Import the measurements of a CSV file (bytes, or a file object giving bytes) into ``indicator``: all of them,
    or none when a row is wrong (:class:`MeasurementsFileInvalid` lists the wrong rows)."""
    challenge = indicator.challenge
    require_perm(actor, "challenges.record_measurement", challenge)
    specs = read_measurements_csv(csv_file)
    counts = {"created": 0, "replaced": 0, "unchanged": 0}
    for spec in specs:
        counts[_store(actor=actor, indicator=indicator, spec=spec)] += 1
    result = ImportResult(**counts)
    activity_record(
        actor=actor,
        verb="indicator.measurements_imported",
        target=challenge,
        public=challenge.is_published,
        data={"indicator": indicator.pk, **counts},
    )
    return result


def read_measurements_csv(csv_file) -> list[MeasurementSpec]:
    """The measurements of a CSV file, or :class:`MeasurementsFileInvalid` naming every wrong row."""
    raw = csv_file if isinstance(csv_file, bytes) else csv_file.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise MeasurementsFileInvalid([_("The file is larger than 1 MB.")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MeasurementsFileInvalid([_("The file is not a UTF-8 text file. Save it as “CSV UTF-8”.")]) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise MeasurementsFileInvalid([_("Row %(row)d: contains a null character.") % {"row": line}])
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(rows)]
    except StopIteration:
        raise MeasurementsFileInvalid([_("The file is empty.")]) from None
    except csv.Error:
        raise MeasurementsFileInvalid([_("Row 1: the header cannot be read.")]) from None
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if unknown or missing or len(set(header)) != len(header):
        raise MeasurementsFileInvalid(
            [
                _("Row 1 must name the columns date and value, and may name source and note (found: %(found)s).")
                % {"found": ", ".join(header) or "—"}
            ]
        )
    errors: list[str] = []
    specs: list[MeasurementSpec] = []
    seen: dict[tuple[dt.date, str], int] = {}
    row_number = 1
    try:
        for row_number, cells in enumerate(rows, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(specs) + len(errors) >= MAX_ROWS:
                errors.append(_("The file has more than %(count)d rows; split it.") % {"count": MAX_ROWS})
                break
            spec, problem = _read_row(dict(zip(header, cells, strict=False)), len(cells) > len(header))
            if problem is None and (spec.measured_on, spec.source) in seen:
                problem = _("has the same date and source as row %(row)d.") % {
                    "row": seen[spec.measured_on, spec.source]
                }
            if problem is not None:
                errors.append(_("Row %(row)d: %(problem)s") % {"row": row_number, "problem": problem})
                continue
            seen[spec.measured_on, spec.source] = row_number
            specs.append(spec)
    except csv.Error:
        errors.append(_("Row %(row)d: cannot be read (check its quotation marks).") % {"row": row_number + 1})
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(_("… and %(count)d more rows.") % {"count": len(errors) - MAX_ERRORS_SHOWN})
        raise MeasurementsFileInvalid(shown)
    if not specs:
        raise MeasurementsFileInvalid([_("The file has no measurements below its header.")])
    return specs


def _read_row(cells: dict[str, str], too_many_cells: bool) -> tuple[MeasurementSpec | None, str | None]:
    if too_many_cells:
        return None, _("has more cells than the header names columns.")
    for name, cell in cells.items():
        if has_control_characters(cell.strip()):
            return None, _("the %(column)s contains control characters.") % {"column": name}
    date_text = (cells.get("date") or "").strip()
    if not _DATE.fullmatch(date_text):
        return None, _("“%(date)s” is not a date; write it as YYYY-MM-DD, like 2026-03-31.") % {"date": date_text[:40]}
    try:
        day = dt.date.fromisoformat(date_text)
        check_date(day)
    except (ValueError, MeasurementDateInvalid):
        return None, _("%(date)s is not a day from %(earliest)s to today.") % {
            "date": date_text,
            "earliest": EARLIEST_DATE.isoformat(),
        }
    value_text = (cells.get("value") or "").strip()
    if len(value_text) > 40:
        return None, _("the value is too large.")
    if not _NUMBER.fullmatch(value_text):
        return None, _("“%(value)s” is not a number; write it with a point for decimals, like 12.5.") % {
            "value": value_text[:40]
        }
    try:
        value = Decimal(value_text)
        check_value(value)
    except (InvalidOperation, MeasurementValueOutOfRange):
        return None, _("%(value)s is too large or has more than two decimals.") % {"value": value_text[:40]}
    source = (cells.get("source") or "").strip()
    note = (cells.get("note") or "").strip()
    if len(source) > MAX_SOURCE_LENGTH:
        return None, _("the source is longer than %(count)d characters.") % {"count": MAX_SOURCE_LENGTH}
    if len(note) > MAX_NOTE_LENGTH:
        return None, _("the note is longer than %(count)d characters.") % {"count": MAX_NOTE_LENGTH}
    return MeasurementSpec(measured_on=day, value=value, source=source, note=note), None
