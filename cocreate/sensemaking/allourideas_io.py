"""Reading All Our Ideas wiki-survey exports.

All Our Ideas exports two CSV files per survey: the votes (one row per pairwise vote, with ``Winner ID``,
``Loser ID`` and ``Valid``) and the ideas (one row per idea, with ``Idea ID``, ``Idea Text``, ``Wins``,
``Losses``, ``Score``, ``Active``).
"""

from __future__ import annotations

import csv
from pathlib import Path

from cocreate.sensemaking.errors import SensemakingError

__all__ = ["load_allourideas_ideas", "load_allourideas_votes"]

TRUE = {"true", "t", "1", "yes", "y"}
FALSE = {"false", "f", "0", "no", "n"}


def _parse_id(text: str) -> int | str:
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        return text


def _rows(path: str | Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames
            if not header:
                raise SensemakingError(f"{path.name} is empty (expected a header row with {', '.join(required)}).")
            missing = [c for c in required if c not in header]
            if missing:
                raise SensemakingError(
                    f"{path.name} has no column {', '.join(repr(c) for c in missing)} (found: {', '.join(header)})."
                )
            return list(reader)
    except FileNotFoundError:
        raise SensemakingError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise SensemakingError(f"{path} is a folder, not a CSV file.") from None
    except UnicodeDecodeError:
        raise SensemakingError(f"{path.name} is not UTF-8 text.") from None
    except csv.Error as exc:
        raise SensemakingError(f"{path.name} is not valid CSV: {exc}.") from None


def load_allourideas_votes(path: str | Path) -> list[tuple[int | str, int | str, bool]]:
    """Read a votes export: a list of ``(winner_id, loser_id, valid)`` in file order.

    ``Valid`` is optional (every vote counts as valid without it). Raises :class:`SensemakingError` for a
    missing file, missing columns, empty ids or an unreadable ``Valid`` value.
    """
    rows = _rows(path, ("Winner ID", "Loser ID"))
    votes = []
    for line, row in enumerate(rows, start=2):
        winner, loser = (row.get("Winner ID") or "").strip(), (row.get("Loser ID") or "").strip()
        if not winner or not loser:
            raise SensemakingError(f"{Path(path).name} line {line}: the winner or loser id is empty.")
        valid_text = (row.get("Valid") or "").strip().lower() if "Valid" in row else "true"
        if valid_text in TRUE:
            valid = True
        elif valid_text in FALSE:
            valid = False
        else:
            raise SensemakingError(f"{Path(path).name} line {line}: Valid is {row['Valid']!r}, not TRUE or FALSE.")
        votes.append((_parse_id(winner), _parse_id(loser), valid))
    return votes


def load_allourideas_ideas(path: str | Path) -> dict[int | str, dict[str, object]]:
    """Read an ideas export: idea id -> ``{"text", "wins", "losses", "score", "active"}`` (missing columns: None)."""
    rows = _rows(path, ("Idea ID",))
    ideas: dict[int | str, dict[str, object]] = {}
    for line, row in enumerate(rows, start=2):
        idea = (row.get("Idea ID") or "").strip()
        if not idea:
            raise SensemakingError(f"{Path(path).name} line {line}: the idea id is empty.")

        def number(column: str, line: int = line, row: dict[str, str] = row) -> float | None:
            text = (row.get(column) or "").strip()
            if not text:
                return None
            try:
                return float(text)
            except ValueError:
                raise SensemakingError(f"{Path(path).name} line {line}: {column} {text!r} is not a number.") from None

        active = (row.get("Active") or "").strip().lower()
        ideas[_parse_id(idea)] = {
            "text": row.get("Idea Text"),
            "wins": number("Wins"),
            "losses": number("Losses"),
            "score": number("Score"),
            "active": None if not active else active in TRUE,
        }
    return ideas
