"""Reading Pol.is conversation exports.

A Pol.is export is a folder of CSV files (the format of the ``compdemocracy/openData`` repository and of the
"export" button of a Pol.is report):

* ``votes.csv`` -- ``timestamp, datetime, comment-id, voter-id, vote`` with vote +1 agree, -1 disagree, 0 pass;
* ``comments.csv`` -- one row per statement: ``comment-id``, ``moderated`` (-1 means hidden by moderation),
  ``comment-body``, …;
* ``participants-votes.csv`` -- one row per participant, with ``group-id``: the opinion group Pol.is assigned
  (empty for participants Pol.is did not cluster).

Only ``votes.csv`` is required.
"""

from __future__ import annotations

import csv
from pathlib import Path

from cocreate.sensemaking.errors import SensemakingError

__all__ = ["load_polis_export", "load_polis_groups", "load_polis_statements"]


def _parse_id(text: str) -> int | str:
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        return text


def _sort_key(x: int | str) -> tuple[int, int | str]:
    return (0, x) if isinstance(x, int) else (1, x)


def _read_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames or []
            missing = [c for c in required if c not in header]
            if missing:
                raise SensemakingError(
                    f"{path.name} has no column {', '.join(repr(c) for c in missing)} "
                    f"(found: {', '.join(header) or 'nothing'})."
                )
            return list(reader)
    except FileNotFoundError:
        raise SensemakingError(f"{path} does not exist.") from None
    except UnicodeDecodeError:
        raise SensemakingError(f"{path.name} is not UTF-8 text.") from None
    except csv.Error as exc:
        raise SensemakingError(f"{path.name} is not valid CSV: {exc}.") from None


def load_polis_export(
    directory: str | Path,
) -> tuple[list[int | str], list[int | str], list[tuple[int | str, int | str, int]], list[int | str]]:
    """Read a Pol.is export folder.

    Returns ``(participant_ids, statement_ids, votes, moderated_out)``, ready for
    :func:`cocreate.sensemaking.opinion.compute_opinion_map`:

    * ``participant_ids`` -- everyone who voted or is listed in ``participants-votes.csv``, sorted (Pol.is
      numbers participants in the order they joined);
    * ``statement_ids`` -- every statement in ``comments.csv`` or voted on, sorted;
    * ``votes`` -- ``(participant_id, statement_id, vote)`` triples in the order they were cast (by timestamp);
    * ``moderated_out`` -- statements whose ``moderated`` value is -1.

    Ids that are whole numbers become ``int``. Raises :class:`SensemakingError` if the folder or ``votes.csv`` is
    missing or malformed.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise SensemakingError(f"{directory} is not a folder (expected a Pol.is export with votes.csv).")
    rows = _read_rows(directory / "votes.csv", ("comment-id", "voter-id", "vote"))
    if not rows:
        raise SensemakingError(f"{directory / 'votes.csv'} holds no votes.")
    has_time = "timestamp" in rows[0]
    parsed: list[tuple[float, int, int | str, int | str, int]] = []
    for line, row in enumerate(rows, start=2):
        try:
            vote = int(float(row["vote"]))
        except (TypeError, ValueError):
            raise SensemakingError(f"votes.csv line {line}: the vote {row['vote']!r} is not a number.") from None
        if vote not in (-1, 0, 1):
            raise SensemakingError(f"votes.csv line {line}: the vote {vote} is not +1, -1 or 0.")
        if not (row["voter-id"] or "").strip() or not (row["comment-id"] or "").strip():
            raise SensemakingError(f"votes.csv line {line}: the voter or comment id is empty.")
        ts = 0.0
        if has_time:
            try:
                ts = float(row["timestamp"])
            except (TypeError, ValueError):
                raise SensemakingError(
                    f"votes.csv line {line}: the timestamp {row['timestamp']!r} is not a number."
                ) from None
        parsed.append((ts, line, _parse_id(row["voter-id"]), _parse_id(row["comment-id"]), vote))
    parsed.sort(key=lambda r: (r[0], r[1]))  # time order; ties keep file order
    votes = [(p, s, v) for _, _, p, s, v in parsed]

    participants = {p for p, _, _ in votes}
    statements = {s for _, s, _ in votes}
    moderated_out: list[int | str] = []
    comments_path = directory / "comments.csv"
    if comments_path.exists():
        for row in _read_rows(comments_path, ("comment-id",)):
            sid = _parse_id(row["comment-id"])
            statements.add(sid)
            if (row.get("moderated") or "").strip() == "-1":
                moderated_out.append(sid)
    pv_path = directory / "participants-votes.csv"
    if pv_path.exists():
        for row in _read_rows(pv_path, ("participant",)):
            participants.add(_parse_id(row["participant"]))
    return (
        sorted(participants, key=_sort_key),
        sorted(statements, key=_sort_key),
        votes,
        sorted(set(moderated_out), key=_sort_key),
    )


def load_polis_groups(directory: str | Path) -> dict[int | str, int | None]:
    """The groups Pol.is itself stored: participant id -> ``group-id`` (``None`` if not clustered)."""
    rows = _read_rows(Path(directory) / "participants-votes.csv", ("participant", "group-id"))
    groups: dict[int | str, int | None] = {}
    for row in rows:
        g = (row["group-id"] or "").strip()
        groups[_parse_id(row["participant"])] = int(float(g)) if g else None
    return groups


def load_polis_statements(directory: str | Path) -> dict[int | str, str]:
    """Statement id -> text, from ``comments.csv`` (empty if the file is absent)."""
    path = Path(directory) / "comments.csv"
    if not path.exists():
        return {}
    rows = _read_rows(path, ("comment-id",))
    return {_parse_id(r["comment-id"]): (r.get("comment-body") or "") for r in rows}
