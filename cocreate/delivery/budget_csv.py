"""Reading a budget file: one line item per row, all or nothing.

The file is CSV (UTF-8, comma or semicolon separated) with a header row naming the columns ``date``,
``description``, ``kind`` and ``amount`` in any order: ``date`` as YYYY-MM-DD, ``kind`` ``committed`` or ``spent``,
``amount`` a number of at most two decimals with a full stop (``12500.50``), not negative. Every error is reported
with its row number (the header is row 1), and a file with any error imports nothing.
"""

import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.utils.translation import gettext as _

from cocreate.core.inputs import date_in_range, has_control_characters

from .errors import BudgetImportInvalid

COLUMNS = ("date", "description", "kind", "amount")
KINDS = ("committed", "spent")
MAX_ROWS = 5000
MAX_AMOUNT = Decimal("99999999999999.99")


class Row(NamedTuple):
    date: dt.date
    description: str
    kind: str
    amount: Decimal


def _dialect(text: str):
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def parse(text: str) -> list[Row]:
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise BudgetImportInvalid(errors=[_("The file contains a null character; save it again as CSV text.")])
    reader = csv.reader(io.StringIO(text), delimiter=_dialect(text))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise BudgetImportInvalid(errors=[_("The file is empty.")]) from None
    except csv.Error:
        raise BudgetImportInvalid(errors=[_("Row 1: this is not a readable CSV row.")]) from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise BudgetImportInvalid(
            errors=[_("Row 1: the header must name the columns %(columns)s.") % {"columns": ", ".join(COLUMNS)}]
        )
    where = {c: header.index(c) for c in COLUMNS}
    rows, errors = [], []
    number = 1
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) + len(errors) >= MAX_ROWS:
                errors.append(_("The file has more than %(count)d rows; split it.") % {"count": MAX_ROWS})
                break
            row, problems = _row(cells, where)
            errors.extend(_("Row %(row)d: %(problem)s") % {"row": number, "problem": p} for p in problems)
            if row is not None:
                rows.append(row)
    except csv.Error:
        errors.append(_("Row %(row)d: this is not a readable CSV row.") % {"row": number + 1})
    if errors:
        raise BudgetImportInvalid(errors=errors)
    if not rows:
        raise BudgetImportInvalid(errors=[_("The file has no budget lines below its header.")])
    return rows


def _row(cells: list[str], where: dict[str, int]) -> tuple[Row | None, list[str]]:
    def cell(name):
        index = where[name]
        return cells[index].strip() if index < len(cells) else ""

    problems = []
    date = None
    try:
        date = dt.date.fromisoformat(cell("date"))
        if not date_in_range(date):
            raise ValueError
    except ValueError:
        problems.append(_("the date “%(value)s” is not a date written YYYY-MM-DD.") % {"value": cell("date")[:40]})
    description = cell("description")
    if not description:
        problems.append(_("the description is empty."))
    elif len(description) > 300 or has_control_characters(description):
        problems.append(_("the description must be at most 300 readable characters."))
    kind = cell("kind").lower()
    if kind not in KINDS:
        problems.append(_("the kind must be “committed” or “spent”, not “%(value)s”.") % {"value": cell("kind")[:40]})
    amount = None
    try:
        amount = Decimal(cell("amount"))
        if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
            raise InvalidOperation
    except InvalidOperation:
        problems.append(
            _("the amount “%(value)s” must be a number from 0 with at most two decimals, such as 1250.50.")
            % {"value": cell("amount")[:40]}
        )
    if problems:
        return None, problems
    return Row(date=date, description=description, kind=kind, amount=amount), []
