"""The sections every design is written in, how a version's content is checked, and how two versions differ.

A version's ``content`` is a dict: text sections hold a string, table sections a list of rows (dicts of their
columns). ``clean_content`` is the one gate every write passes (forms, API, amendments), so stored content always
has this shape.

The comparison is hand-written on the standard library's ``difflib``: the diff libraries on the package index
compare lines or characters, while a design is compared section by section, row by row and word by word.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TEXT_MAX = 5000
CELL_MAX = 500
ROWS_MAX = 50
AMOUNT_MAX = 10**10


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    is_amount: bool = False
    is_indicator: bool = False  # the id of one of the challenge's outcome indicators, or None


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    help: str
    columns: tuple[Column, ...] = field(default=())
    numbered: bool = False  # rows are steps, shown with their number

    @property
    def is_table(self) -> bool:
        return bool(self.columns)

    @property
    def has_totals(self) -> bool:
        return any(c.is_amount for c in self.columns)


SECTIONS = (
    Section("problem", _("The problem it solves"), _("What goes wrong today, for whom, and how we know.")),
    Section("target_groups", _("Who it serves"), _("The people the service is for, and those it must not leave out.")),
    Section(
        "blueprint",
        _("How it works"),
        _("The service step by step: what the person does, what staff do, and through which channel."),
        columns=(
            Column("person", _("What the person does")),
            Column("staff", _("What staff do")),
            Column("channel", _("Channel")),
        ),
        numbered=True,
    ),
    Section("resources", _("Resources and partners"), _("Staff, places, tools, and the organisations who take part.")),
    Section(
        "costs",
        _("Cost estimate"),
        _("Each item with its one-off cost and its cost per year, in whole euros."),
        columns=(
            Column("item", pgettext_lazy("cost estimate", "Item")),
            Column("one_off", _("One-off (€)"), is_amount=True),
            Column("yearly", _("Per year (€)"), is_amount=True),
        ),
    ),
    Section(
        "risks",
        _("Risks and mitigations"),
        _("What could go wrong, and what would be done about it."),
        columns=(Column("risk", _("Risk")), Column("mitigation", _("Mitigation"))),
    ),
    Section(
        "measures",
        _("Success measures"),
        _("How we will know it works; name the challenge's outcome indicator each measure serves, if any."),
        columns=(Column("measure", _("Measure")), Column("indicator", _("Outcome indicator"), is_indicator=True)),
    ),
)
BY_KEY = {s.key: s for s in SECTIONS}


def empty_content() -> dict:
    return {s.key: [] if s.is_table else "" for s in SECTIONS}


def _text(value, *, limit: int, where: str, errors: dict) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[where] = _("Enter text.")
        return ""
    value = value.replace("\r\n", "\n").strip()
    if len(value) > limit:
        errors[where] = _("Keep this to %(limit)s characters.") % {"limit": limit}
    return value


def _amount(value, *, where: str, errors: dict) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool):
        errors[where] = _("Enter a whole number of euros.")
        return 0
    if isinstance(value, str):
        value = value.strip().replace(" ", "")
        if not re.fullmatch(r"[0-9]{1,11}", value):
            errors[where] = _("Enter a whole number of euros.")
            return 0
        value = int(value)
    if not isinstance(value, int) or not 0 <= value <= AMOUNT_MAX:
        errors[where] = _("Enter a whole number of euros between 0 and %(max)s.") % {"max": f"{AMOUNT_MAX:,}"}
        return 0
    return value


def _indicator(value, *, indicator_ids, where: str, errors: dict) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.isascii() and value.isdecimal() and len(value) < 19:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value not in indicator_ids:
        errors[where] = _("Choose one of the challenge's outcome indicators.")
        return None
    return value


def clean_content(raw, *, indicator_ids=frozenset()) -> dict:
    """The content as stored: every section present, text trimmed, empty rows dropped, amounts whole euros, and
    success measures tied only to ``indicator_ids`` (the challenge's outcome indicators).

    Raises ``ValidationError`` with a message per place (``"costs.2.yearly"``) when something cannot be stored."""
    if not isinstance(raw, dict):
        raise ValidationError(_("A design's content is a set of sections."))
    unknown = set(raw) - set(BY_KEY)
    errors: dict[str, str] = {}
    for key in sorted(unknown):
        errors[key] = _("There is no such section.")
    content = {}
    for section in SECTIONS:
        value = raw.get(section.key)
        if not section.is_table:
            content[section.key] = _text(value, limit=TEXT_MAX, where=section.key, errors=errors)
            continue
        if value in (None, ""):
            value = []
        if not isinstance(value, list):
            errors[section.key] = _("Enter the rows of this table.")
            value = []
        rows = []
        text_or_amount = {c.key for c in section.columns if not c.is_indicator}  # a row of only a link is empty
        for index, row in enumerate(value):
            where = f"{section.key}.{index}"
            if not isinstance(row, dict):
                errors[where] = _("Enter the columns of this row.")
                continue
            extra = set(row) - {c.key for c in section.columns}
            if extra:
                errors[where] = _("This row has columns the table does not have.")
            cleaned = {}
            for column in section.columns:
                place = f"{where}.{column.key}"
                if column.is_amount:
                    cleaned[column.key] = _amount(row.get(column.key), where=place, errors=errors)
                elif column.is_indicator:
                    cleaned[column.key] = _indicator(
                        row.get(column.key), indicator_ids=indicator_ids, where=place, errors=errors
                    )
                else:
                    cleaned[column.key] = _text(row.get(column.key), limit=CELL_MAX, where=place, errors=errors)
            if any(v for c, v in cleaned.items() if c in text_or_amount):
                rows.append(cleaned)
        if len(rows) > ROWS_MAX:
            errors[section.key] = _("A table has at most %(max)s rows.") % {"max": ROWS_MAX}
        content[section.key] = rows
    if errors:
        raise ValidationError({place: [message] for place, message in errors.items()})
    return content


def cost_totals(content: dict) -> tuple[int, int]:
    """(one-off, per year) of the cost estimate."""
    rows = content.get("costs") or []
    return sum(r.get("one_off", 0) for r in rows), sum(r.get("yearly", 0) for r in rows)


# Comparison ---------------------------------------------------------------------------------------------------------

TOKEN = re.compile(r"^\s+|\S+\s*")  # words with the space after them, so changed runs read as phrases


@dataclass(frozen=True)
class Piece:
    """A run of words that is the same in both versions (``kind`` "same"), only in the older ("removed") or only in
    the newer ("added")."""

    kind: str
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    a, b = TOKEN.findall(str(old)), TOKEN.findall(str(new))
    pieces: list[Piece] = []

    def add(kind: str, text: str) -> None:
        if pieces and pieces[-1].kind == kind:
            pieces[-1] = Piece(kind, pieces[-1].text + text)
        elif text:
            pieces.append(Piece(kind, text))

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            add("same", "".join(a[i1:i2]))
            continue
        if op in ("delete", "replace"):
            add("removed", "".join(a[i1:i2]))
        if op in ("insert", "replace"):
            add("added", "".join(b[j1:j2]))
    return pieces


@dataclass
class RowChange:
    kind: str  # same, added, removed, changed
    cells: list[tuple[Column, list[Piece]]]


@dataclass
class SectionChange:
    section: Section
    changed: bool
    text: list[Piece] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)


def shown(column: Column, row: dict | None, indicator_names: dict) -> str:
    """A cell as people read it: an indicator by its name."""
    if row is None:
        return ""
    value = row.get(column.key)
    if column.is_indicator:
        return indicator_names.get(value, "") if value is not None else ""
    return "" if value is None else str(value)


def _row_key(section: Section, row: dict) -> tuple:
    return tuple(str(row.get(c.key, "")) for c in section.columns)


def _row_pieces(section: Section, old: dict | None, new: dict | None, names: dict) -> list[tuple[Column, list[Piece]]]:
    return [(c, word_diff(shown(c, old, names), shown(c, new, names))) for c in section.columns]


def _table_changes(section: Section, old_rows: list, new_rows: list, names: dict) -> list[RowChange]:
    """Rows matched in order: equal rows stay, a replaced block is compared row by row (a changed cell shows its
    words), and what is left over was added or removed."""
    a = [_row_key(section, r) for r in old_rows]
    b = [_row_key(section, r) for r in new_rows]
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            changes += [RowChange("same", _row_pieces(section, r, r, names)) for r in new_rows[j1:j2]]
            continue
        olds, news = old_rows[i1:i2], new_rows[j1:j2]
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for old, new in zip(olds[:paired], news[:paired], strict=True):
            changes.append(RowChange("changed", _row_pieces(section, old, new, names)))
        changes += [RowChange("removed", _row_pieces(section, r, None, names)) for r in olds[paired:]]
        changes += [RowChange("added", _row_pieces(section, None, r, names)) for r in news[paired:]]
    return changes


def compare(old: dict, new: dict, *, indicator_names=None) -> list[SectionChange]:
    """Each section of two versions' contents, with what changed between them (indicators by their names)."""
    names = indicator_names or {}
    changes = []
    for section in SECTIONS:
        before, after = old.get(section.key), new.get(section.key)
        if section.is_table:
            rows = _table_changes(section, before or [], after or [], names)
            changes.append(SectionChange(section, any(r.kind != "same" for r in rows), rows=rows))
        else:
            pieces = word_diff(before or "", after or "")
            changes.append(SectionChange(section, any(p.kind != "same" for p in pieces), text=pieces))
    return changes


def changed_sections(old: dict, new: dict) -> list[Section]:
    """The sections whose content differs (contents are cleaned, so an empty section is always "" or [])."""
    return [s for s in SECTIONS if old.get(s.key) != new.get(s.key)]
