"""``cocreate-sense``: Cocreate's sensemaking methods from the command line, for analysts and election officials.

Each subcommand prints a readable report, or JSON with ``--json``::

    cocreate-sense opinion-map DIR                      # a Pol.is export folder
    cocreate-sense pb-tally FILE.pb --rule mes-complete  # greedy | mes | mes-complete
    cocreate-sense wikisurvey VOTES.csv                  # an All Our Ideas vote export
    cocreate-sense similar FILE.csv "query text"         # near-duplicates of a text in a CSV column
    cocreate-sense bass-fit [FILE.csv] [--forecast T]    # Bass diffusion model of t,cumulative adoption counts

The JSON shapes are a public contract (keys may be added, never removed or renamed):

* ``opinion-map``: ``{"participants": {"<participant id>": <group number or null>}, "groups": [...],
  "consensus": [...]}``
* ``pb-tally``: ``{"selected": ["<project id>", ...], "cost": <total>, "steps": [...]}``
* ``wikisurvey``: ``{"scores": {"<idea id>": <score>}}``
* ``similar``: ``{"query": "...", "results": [{"key": "...", "score": <cosine>, "text": "..."}]}``
* ``bass-fit``: ``{"p": …, "q": …, "m": …, "intervals": {"p": [low, high], "q": […], "m": […]}, "confidence": …,
  "interval_method": "…", "peak_time": …, "peak_rate": …, "residual_std": …, "dispersion": …, "points": <n>,
  "forecast": [{"t": …, "cumulative": …, "low": …, "high": …, "rate": …}]}`` (an interval end that cannot be
  bounded is null)

Bad input (a missing or empty file, a truncated or malformed file, a project costing more than the budget) prints
a one-line error to standard error and exits with status 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from datetime import date
from pathlib import Path

from .errors import SensemakingError

PROG = "cocreate-sense"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON instead of a readable report")
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Cocreate sensemaking: opinion maps, participatory budgeting, wiki surveys, adoption curves.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("opinion-map", parents=[common], help="opinion groups and consensus of a Pol.is export")
    p.add_argument("directory", metavar="DIR", help="folder with votes.csv (and comments.csv) in Pol.is's format")
    p.set_defaults(handler=_opinion_map)

    p = sub.add_parser("pb-tally", parents=[common], help="tally a participatory budget (Pabulib .pb file)")
    p.add_argument("file", metavar="FILE.pb")
    p.add_argument(
        "--rule",
        choices=("greedy", "mes", "mes-complete"),
        default="mes-complete",
        help="greedy utilitarian welfare, Method of Equal Shares, or MES completed (default)",
    )
    p.set_defaults(handler=_pb_tally)

    p = sub.add_parser("wikisurvey", parents=[common], help="scores of a pairwise wiki survey (All Our Ideas)")
    p.add_argument("file", metavar="VOTES.csv", help="All Our Ideas' vote export")
    p.set_defaults(handler=_wikisurvey)

    p = sub.add_parser("similar", parents=[common], help="texts of a CSV file most similar to a query")
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("query", help="the text to compare with")
    p.add_argument("-k", type=int, default=10, help="number of results (default 10)")
    p.add_argument("--key-column", help="column identifying each row (default: id, else the first column)")
    p.add_argument("--text-column", help="column with the text (default: text, else the second column)")
    p.add_argument("--near", metavar="LAT,LON", help="only rows within --radius-m of this point")
    p.add_argument("--radius-m", type=float, help="radius in metres around --near")
    p.set_defaults(handler=_similar)

    p = sub.add_parser("bass-fit", parents=[common], help="fit the Bass diffusion model to cumulative adoption counts")
    p.add_argument(
        "file",
        metavar="FILE.csv",
        nargs="?",
        default="-",
        help="CSV of t,cumulative (a header row is optional; t a number or, with --launch, a date); "
        "'-' or nothing reads standard input",
    )
    p.add_argument("--launch", metavar="YYYY-MM-DD", help="the launch date, when t is a date (t becomes days since it)")
    p.add_argument(
        "--forecast", metavar="T", type=float, action="append", default=[], help="forecast at time T (repeatable)"
    )
    p.add_argument("--confidence", type=float, default=0.95, help="level of the intervals (default 0.95)")
    p.set_defaults(handler=_bass_fit)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 success, 2 bad input or usage)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage error
        return int(exc.code or 0)
    try:
        result, report = args.handler(args)
    except SensemakingError as exc:
        return _fail(str(exc))
    except ImportError as exc:
        return _fail(f"the {args.command} command is not available in this installation ({exc})")
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as exc:
        return _fail(f"{exc.__class__.__name__}: {exc}")
    try:
        print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else report)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `head`) stopped reading: not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


def _fail(message: str) -> int:
    message = " ".join(message.split())  # one line
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def _opinion_map(args):
    from .opinion import compute_opinion_map, opinion_map_report
    from .polis_io import load_polis_export

    participant_ids, statement_ids, votes, moderated_out = load_polis_export(args.directory)
    opinion_map = compute_opinion_map(participant_ids, statement_ids, votes, moderated_out=moderated_out)
    try:
        from .polis_io import load_polis_statements

        texts = load_polis_statements(args.directory)
    except (ImportError, SensemakingError):
        texts = None
    return opinion_map.to_dict(), opinion_map_report(opinion_map, texts)


def _pb_tally(args):
    from .pb import equal_shares, greedy, read_pb

    election = read_pb(Path(args.file))
    tally = greedy(election) if args.rule == "greedy" else equal_shares(election, complete=args.rule == "mes-complete")
    return tally.to_dict(), tally.report()


def _wikisurvey(args):
    path = Path(args.file)
    if not path.is_file():
        raise SensemakingError(f"{path}: no such file")
    from . import wikisurvey

    load = getattr(wikisurvey, "load_allourideas_votes", None)
    if load is None:
        from .allourideas_io import load_allourideas_votes as load
    votes = list(load(path))
    if not votes:
        raise SensemakingError(f"{path}: no votes")
    # The ideas export next to the votes (…_ideas.csv), if present, gives the ideas' texts for the report.
    texts = None
    ideas_path = path.with_name(path.name.replace("_votes", "_ideas"))
    if ideas_path != path and ideas_path.is_file():
        from .allourideas_io import load_allourideas_ideas

        texts = {idea: str(info.get("text") or "") for idea, info in load_allourideas_ideas(ideas_path).items()}
    data = {"scores": {str(idea): score for idea, score in wikisurvey.scores(votes).items()}}
    return data, wikisurvey.wikisurvey_report(votes, texts=texts)


def _similar(args):
    from .similar import SimilarTexts

    path = Path(args.file)
    if not path.is_file():
        raise SensemakingError(f"{path}: no such file")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        raise SensemakingError(f"{path}: no rows")
    columns = list(rows[0])
    key_column = args.key_column or ("id" if "id" in columns else columns[0])
    text_column = args.text_column or ("text" if "text" in columns else (columns[1] if len(columns) > 1 else None))
    for name, column in (("key", key_column), ("text", text_column)):
        if column not in columns:
            raise SensemakingError(f"{path}: no {name} column {column!r} (columns: {', '.join(columns)})")
    lat_column = next((c for c in ("lat", "latitude") if c in columns), None)
    lon_column = next((c for c in ("lon", "lng", "longitude") if c in columns), None)
    near = None
    if args.near is not None:
        try:
            near = tuple(float(x) for x in args.near.split(","))
        except ValueError:
            raise SensemakingError(f"--near {args.near!r} is not LAT,LON") from None
        if not (lat_column and lon_column):
            raise SensemakingError(f"{path}: --near needs lat and lon columns")
    index = SimilarTexts()
    texts = {}
    items = []
    for row in rows:
        key = row[key_column]
        location = None
        if lat_column and lon_column and row.get(lat_column) and row.get(lon_column):
            try:
                location = (float(row[lat_column]), float(row[lon_column]))
            except ValueError:
                raise SensemakingError(f"{path}: row {key}: the location is not a number") from None
        texts[key] = row[text_column] or ""
        items.append((key, texts[key], location))
    index.add_many(items)
    results = index.query(args.query, k=args.k, near=near, radius_m=args.radius_m)
    data = {
        "query": args.query,
        "results": [{"key": key, "score": score, "text": texts[key]} for key, score in results],
    }
    lines = [f"{len(results)} most similar of {len(rows)} texts to {args.query!r}:"]
    lines += [f"  {score:.3f}  {key}: {texts[key]}" for key, score in results]
    return data, "\n".join(lines)


def _bass_fit(args):
    from .bass import fit_bass

    if args.file == "-":
        rows, source = list(csv.reader(sys.stdin)), "standard input"
    else:
        path = Path(args.file)
        if not path.is_file():
            raise SensemakingError(f"{path}: no such file")
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows, source = list(csv.reader(handle)), str(path)
    launch = None
    if args.launch is not None:
        try:
            launch = date.fromisoformat(args.launch)
        except ValueError:
            raise SensemakingError(f"--launch {args.launch!r} is not a date (YYYY-MM-DD)") from None
    points = _adoption_points(rows, source, launch)
    fit = fit_bass(points, confidence=args.confidence)
    forecasts = [fit.forecast(t) for t in args.forecast]
    data = fit.to_dict()
    data["forecast"] = [forecast.to_dict() for forecast in forecasts]
    lines = [fit.report()]
    lines += [
        f"  forecast at t={f.t:g}: {f.cumulative:,.0f} adopters ({f.low:,.0f} to {f.high:,.0f})" for f in forecasts
    ]
    return data, "\n".join(lines)


def _adoption_points(rows: list[list[str]], source: str, launch: date | None) -> list[tuple[float, float]]:
    """(t, cumulative) pairs from CSV rows: an optional header naming ``t`` and ``cumulative`` (else the first two
    columns are used), then one count a row; blank rows are skipped."""
    numbered = [(line, row) for line, row in enumerate(rows, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise SensemakingError(f"{source}: no rows")
    columns = (0, 1)
    first = [cell.strip() for cell in numbered[0][1]]
    if _time(first[0], launch) is None:  # a header
        names = [cell.lower() for cell in first]
        columns = (
            names.index("t") if "t" in names else 0,
            names.index("cumulative") if "cumulative" in names else 1,
        )
        numbered = numbered[1:]
    points = []
    for line, row in numbered:
        if len(row) <= max(columns):
            raise SensemakingError(f"{source}: line {line}: expected t,cumulative, got {','.join(row)!r}")
        t = _time(row[columns[0]].strip(), launch)
        if t is None:
            hint = "" if launch is not None else " (dates need --launch)"
            raise SensemakingError(f"{source}: line {line}: t {row[columns[0]]!r} is not a number{hint}")
        try:
            cumulative = float(row[columns[1]])
        except ValueError:
            raise SensemakingError(f"{source}: line {line}: cumulative {row[columns[1]]!r} is not a number") from None
        points.append((t, cumulative))
    return points


def _time(cell: str, launch: date | None) -> float | None:
    try:
        return float(cell)
    except ValueError:
        pass
    if launch is None:
        return None
    try:
        return float((date.fromisoformat(cell) - launch).days)
    except ValueError:
        return None
