"""Reading and writing participatory-budgeting elections in the Pabulib ``.pb`` format.

A ``.pb`` file has three sections, each a title line followed by a ``;``-separated header and rows
(see pabulib.org/format)::

    META
    key;value
    budget;1100000
    vote_type;approval
    ...
    PROJECTS
    project_id;cost;name;...
    VOTES
    voter_id;vote;...

Costs, points and the budget are kept as exact fractions, so that the rules in :mod:`cocreate.sensemaking.pb` can
decide every comparison exactly. A malformed file is rejected with a :class:`SensemakingError` naming the line and
the reason. The reading follows the Pabulib parser of the reference implementation (pabutools): the same project
fields are read, approvals and rankings ignore a project repeated within one vote (the first occurrence counts) and a
cumulative vote that repeats a project keeps the last points given to it.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from .errors import SensemakingError

APPROVAL = "approval"
CUMULATIVE = "cumulative"
SCORING = "scoring"
ORDINAL = "ordinal"
CHOOSE_ONE = "choose-1"
VOTE_TYPES = (APPROVAL, CHOOSE_ONE, CUMULATIVE, SCORING, ORDINAL)
#: Vote types whose ballots give points to projects (a ``points`` column in VOTES).
POINT_TYPES = (CUMULATIVE, SCORING)
_SECTIONS = ("meta", "projects", "votes")


@dataclass
class Project:
    """A project on the ballot: its cost (an exact fraction) and the other columns of its row in the file."""

    cost: Fraction
    name: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self.cost = to_fraction(self.cost)


@dataclass
class Ballot:
    """One voter's vote.

    ``projects`` lists the project ids in the order of the file (the ranking, best first, for ordinal votes);
    ``points`` holds the points given to each of them for cumulative and scoring votes (``None`` otherwise).
    """

    voter_id: str
    projects: tuple[str, ...]
    points: tuple[Fraction, ...] | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Election:
    """A participatory-budgeting election: the projects, the ballots and the budget to spend."""

    meta: dict[str, str]
    projects: dict[str, Project]
    ballots: list[Ballot]
    vote_type: str
    budget: Fraction
    #: The column order of the file's PROJECTS and VOTES sections, kept so that writing preserves it.
    project_columns: list[str] = field(default_factory=list, compare=False)
    vote_columns: list[str] = field(default_factory=list, compare=False)

    def __post_init__(self):
        self.budget = to_fraction(self.budget)


def to_fraction(value) -> Fraction:
    """An exact fraction from an int, a Fraction, a decimal string (``"3009585.74"`` or ``"3009585,74"``) or a
    float (taken at its shortest decimal representation, so ``0.1`` is one tenth)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(str(value).strip().replace(",", "."))


def _number(text: str, what: str, line: int) -> Fraction:
    try:
        value = to_fraction(text)
    except (ValueError, ZeroDivisionError):
        raise SensemakingError(f"line {line}: {what} {text!r} is not a number") from None
    return value


def read_pb(source: str | os.PathLike) -> Election:
    """Read a Pabulib ``.pb`` election from a path or from the text of a file.

    A string with no line break is taken as a path; a string with line breaks (or a blank one) is the text itself.
    Raises :class:`SensemakingError` (with the line number) when the file is missing or malformed: a missing
    section, a header without the required columns, a row with too many fields, a cost or points that are not
    numbers, a project costing more than the budget, a vote for an unknown project, or fewer projects or votes than
    the file's ``num_projects`` / ``num_votes`` announce (a truncated file).
    """
    if isinstance(source, os.PathLike) or (source.strip() and "\n" not in source and "\r" not in source):
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise SensemakingError(f"{path}: no such file") from None
        except (IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
            raise SensemakingError(f"{path}: cannot be read as a UTF-8 text file ({exc.__class__.__name__})") from None
    else:
        text = source.removeprefix("\ufeff")
    return _parse(text)


def _parse(text: str) -> Election:
    if not text.strip():
        raise SensemakingError("the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    meta: dict[str, str] = {}
    projects: dict[str, Project] = {}
    project_lines: dict[str, int] = {}
    ballots: list[Ballot] = []
    section = ""
    header: list[str] | None = None
    project_columns: list[str] = []
    vote_columns: list[str] = []
    seen_sections: list[str] = []
    vote_type = ""
    budget = Fraction(0)

    for row in reader:
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        first = row[0].strip().lower()
        if first in _SECTIONS and not any(c.strip() for c in row[1:]):
            expected = _SECTIONS[len(seen_sections)] if len(seen_sections) < len(_SECTIONS) else None
            if first != expected:
                raise SensemakingError(
                    f"line {line}: section {first.upper()} found where "
                    + (f"{expected.upper()} was expected" if expected else "no further section was expected")
                )
            seen_sections.append(first)
            section = first
            header = None
            if section == "projects":
                vote_type, budget = _check_meta(meta, line)
            continue
        if not section:
            raise SensemakingError(f"line {line}: the file must start with the META section")
        if header is None:
            header = [h.strip() for h in row]
            if section == "meta":
                pass
            elif section == "projects":
                if "project_id" not in header or "cost" not in header:
                    raise SensemakingError(f"line {line}: the PROJECTS header must name project_id and cost")
                project_columns = header
            else:
                if "vote" not in header:
                    raise SensemakingError(f"line {line}: the VOTES header must name the vote column")
                if vote_type in POINT_TYPES and "points" not in header:
                    raise SensemakingError(f"line {line}: {vote_type} votes need a points column in VOTES")
                vote_columns = header
            continue
        if len(row) > len(header):
            if any(c.strip() for c in row[len(header) :]):
                raise SensemakingError(
                    f"line {line}: {len(row)} fields but the header of {section.upper()} names {len(header)}"
                )
            row = row[: len(header)]
        if section == "meta":
            if len(row) < 2:
                raise SensemakingError(f"line {line}: a META line needs a key and a value")
            meta[row[0].strip()] = row[1].strip()
        elif section == "projects":
            values = _row_values(header, row)
            pid = values.get("project_id", "")
            if not pid:
                raise SensemakingError(f"line {line}: a project without a project_id")
            if pid in projects:
                raise SensemakingError(
                    f"line {line}: project {pid} is listed twice (first on line {project_lines[pid]})"
                )
            if not values.get("cost"):
                raise SensemakingError(f"line {line}: project {pid} has no cost")
            cost = _number(values["cost"], f"the cost of project {pid}", line)
            if cost < 0:
                raise SensemakingError(f"line {line}: project {pid} has a negative cost")
            if cost > budget:
                raise SensemakingError(
                    f"line {line}: project {pid} costs {_fmt(cost)}, more than the whole budget of {_fmt(budget)}"
                )
            extra = {k: v for k, v in values.items() if k not in ("project_id", "cost", "name")}
            projects[pid] = Project(cost=cost, name=values.get("name", ""), extra=extra)
            project_lines[pid] = line
        else:
            ballots.append(_parse_vote(header, row, line, vote_type, projects))

    if "votes" not in seen_sections:
        missing = [s.upper() for s in ("meta", "projects", "votes") if s not in seen_sections]
        raise SensemakingError(f"the file ends without the {', '.join(missing)} section (is it truncated?)")
    for key, found, what in (("num_projects", len(projects), "projects"), ("num_votes", len(ballots), "votes")):
        announced = meta.get(key)
        if announced and announced.isdigit() and int(announced) != found:
            raise SensemakingError(
                f"the file announces {key}={announced} but holds {found} {what}"
                + (" (is it truncated?)" if found < int(announced) else "")
            )
    return Election(
        meta=meta,
        projects=projects,
        ballots=ballots,
        vote_type=vote_type,
        budget=budget,
        project_columns=project_columns,
        vote_columns=vote_columns,
    )


def _row_values(header: list[str], row: list[str]) -> dict[str, str]:
    """The row as a dict over all the header's columns (missing trailing fields read as empty)."""
    return {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}


def _check_meta(meta: dict[str, str], line: int) -> tuple[str, Fraction]:
    if "budget" not in meta:
        raise SensemakingError(f"line {line}: the META section has no budget")
    if "vote_type" not in meta:
        raise SensemakingError(f"line {line}: the META section has no vote_type")
    vote_type = meta["vote_type"].strip().lower()
    if vote_type not in VOTE_TYPES:
        raise SensemakingError(f"line {line}: vote_type {meta['vote_type']!r} is not one of {', '.join(VOTE_TYPES)}")
    budget = _number(meta["budget"], "the budget", line)
    if budget <= 0:
        raise SensemakingError(f"line {line}: the budget must be positive")
    return vote_type, budget


def _parse_vote(header, row, line, vote_type, projects) -> Ballot:
    values = _row_values(header, row)
    voter_id = values.get("voter_id", "")
    vote = values.get("vote", "")
    ids = [p.strip() for p in vote.split(",")] if vote and vote.lower() != "none" else []
    if any(not p for p in ids):
        raise SensemakingError(f"line {line}: an empty project id in the vote {vote!r}")
    for pid in ids:
        if pid not in projects:
            raise SensemakingError(f"line {line}: the vote names project {pid!r}, which is not in PROJECTS")
    points = None
    if vote_type in POINT_TYPES:
        raw = values.get("points", "")
        pts_text = [p.strip() for p in raw.split(",")] if raw and raw.lower() != "none" else []
        if len(pts_text) != len(ids):
            raise SensemakingError(f"line {line}: the vote names {len(ids)} projects but gives {len(pts_text)} points")
        pts = [_number(p, "the points", line) for p in pts_text]
        # A project repeated in a cumulative vote keeps its first place and its last points (as in pabutools).
        merged: dict[str, Fraction] = {}
        for pid, pt in zip(ids, pts, strict=True):
            merged[pid] = pt
        ids, points = list(merged), tuple(merged.values())
    else:
        ids = list(dict.fromkeys(ids))
    extra = {k: v for k, v in values.items() if k not in ("voter_id", "vote", "points")}
    return Ballot(voter_id=voter_id, projects=tuple(ids), points=points, extra=extra)


def _fmt(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.10g}"


def _fmt_exact(value: Fraction) -> str:
    """The shortest exact decimal for a fraction read from a file (its denominator divides a power of ten)."""
    if value.denominator == 1:
        return str(value.numerator)
    digits = 0
    scaled = value
    while scaled.denominator != 1 and digits < 30:
        scaled *= 10
        digits += 1
    if scaled.denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    sign = "-" if scaled < 0 else ""
    text = str(abs(scaled.numerator)).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}"


def write_pb(election: Election) -> str:
    """The text of a Pabulib ``.pb`` file for ``election``; :func:`read_pb` reads it back to an equal election.

    ``num_projects`` and ``num_votes`` in META are set to the actual counts.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    meta = dict(election.meta)
    for key, value, text in (
        ("budget", election.budget, _fmt_exact(election.budget)),
        ("num_projects", len(election.projects), str(len(election.projects))),
        ("num_votes", len(election.ballots), str(len(election.ballots))),
    ):
        try:
            same = to_fraction(meta[key]) == value
        except (KeyError, ValueError, ZeroDivisionError):
            same = False
        if not same:
            meta[key] = text
    if meta.get("vote_type", "").strip().lower() != election.vote_type:
        meta["vote_type"] = election.vote_type
    out.write("META\n")
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, value])

    extra_project_keys: list[str] = []
    for project in election.projects.values():
        for key in project.extra:
            if key not in extra_project_keys:
                extra_project_keys.append(key)
    columns = [c for c in election.project_columns if c not in ("project_id", "cost")]
    has_name = "name" in columns or any(p.name for p in election.projects.values())
    columns = [c for c in columns if c == "name" or c in extra_project_keys]
    if has_name and "name" not in columns:
        columns.append("name")
    columns += [k for k in extra_project_keys if k not in columns]
    out.write("PROJECTS\n")
    writer.writerow(["project_id", "cost", *columns])
    for pid, project in election.projects.items():
        row = [pid, _fmt_exact(project.cost)]
        for column in columns:
            row.append(project.name if column == "name" else project.extra.get(column, ""))
        writer.writerow(row)

    extra_vote_keys: list[str] = []
    for ballot in election.ballots:
        for key in ballot.extra:
            if key not in extra_vote_keys:
                extra_vote_keys.append(key)
    base = ["voter_id", "vote"] + (["points"] if election.vote_type in POINT_TYPES else [])
    vote_cols = [c for c in election.vote_columns if c in extra_vote_keys]
    vote_cols += [k for k in extra_vote_keys if k not in vote_cols]
    out.write("VOTES\n")
    writer.writerow(base + vote_cols)
    for ballot in election.ballots:
        row = [ballot.voter_id, ",".join(ballot.projects)]
        if election.vote_type in POINT_TYPES:
            row.append(",".join(_fmt_exact(p) for p in (ballot.points or ())))
        row += [ballot.extra.get(c, "") for c in vote_cols]
        writer.writerow(row)
    return out.getvalue()
