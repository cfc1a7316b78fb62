"""Benchmark of Cocreate's participatory-budgeting rules and similar-text search.

    .venv/bin/python bench/sensemaking_pb_similar.py [--reference-timeout 180] [--no-reference]
        [--refresh-reference] [--texts 100000]

Participatory budgeting: for each Pabulib file in ../shared/data/pabulib and each rule (greedy, mes, mes_complete),
our time and whether the selected projects equal expected.json, beside the time of the reference implementation
pabutools 1.2.3, run as ``reference.py FILE`` in a separate virtual environment (/tmp/pabutools, or the
``PABUTOOLS_PYTHON`` interpreter) with a time limit. Set it up with::

    ~/.pyenv/versions/3.12.1/bin/python -m venv /tmp/pabutools
    /tmp/pabutools/bin/pip install pabutools==1.2.3 "pulp<3"

(pabutools 1.2.3 imports ``PULP_CBC_CMD``, which PuLP 3 no longer provides.)

Similar texts: build time, incremental add time and p50/p95 query time for synthetic short texts, the share of
typo'd near-duplicates found first, and memory. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cocreate.sensemaking.pb import equal_shares, greedy, read_pb  # noqa: E402
from cocreate.sensemaking.similar import SimilarTexts  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "pabulib"
PABUTOOLS_PYTHON = Path(os.environ.get("PABUTOOLS_PYTHON", "/tmp/pabutools/bin/python"))
CACHE = Path(os.environ.get("PABUTOOLS_CACHE", "/tmp/cocreate-bench-pabutools"))
RULES = {
    "greedy": greedy,
    "mes": equal_shares,
    "mes_complete": lambda election: equal_shares(election, complete=True),
}


def reference_times(path: Path, timeout: float, refresh: bool) -> tuple[dict, str]:
    """pabutools' timings for one file (partial if it ran out of time), and a note.

    A complete run is cached in CACHE, because pabutools takes about 20 minutes on Częstochowa 2020.
    """
    cached = CACHE / f"{path.name}.json"
    if cached.exists() and not refresh:
        return json.loads(cached.read_text()), f"pabutools timings cached in {CACHE} (--refresh-reference reruns)"
    if not PABUTOOLS_PYTHON.exists():
        return {}, f"pabutools not available ({PABUTOOLS_PYTHON} missing)"
    command = [str(PABUTOOLS_PYTHON), str(DATA / "reference.py"), str(path)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        output, note = done.stdout, "" if done.returncode == 0 else f"pabutools failed: {done.stderr[-200:]}"
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        note = f"pabutools stopped after {timeout:.0f} s"
    lines = [line for line in output.splitlines() if line.startswith("{")]
    result = json.loads(lines[-1]) if lines else {}
    if "mes_complete_s" in result:
        CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(result))
    return result, note


def bench_pb(timeout: float, with_reference: bool, refresh: bool) -> None:
    if not DATA.is_dir():
        print(f"Participatory budgeting: skipped, {DATA} is absent.")
        return
    expected = json.loads((DATA / "expected.json").read_text())
    print("Participatory budgeting (times in seconds; 'ref' = pabutools 1.2.3)")
    cached_note = ""
    print(f"{'file':<58} {'voters':>6} {'read':>6}  " + "  ".join(f"{r:>23}" for r in RULES))
    for name in sorted(expected):
        path = DATA / name
        t0 = time.perf_counter()
        election = read_pb(path)
        read_s = time.perf_counter() - t0
        ref, note = reference_times(path, timeout, refresh) if with_reference else ({}, "reference not run")
        cells = []
        for rule, function in RULES.items():
            t0 = time.perf_counter()
            tally = function(election)
            ours = time.perf_counter() - t0
            match = "=" if sorted(tally.selected) == sorted(expected[name].get(rule, [])) else "DIFF"
            ref_s = ref.get(f"{rule}_s")
            ref_text = f"{ref_s:.2f}" if ref_s is not None else "-"
            cells.append(f"{ours:7.3f} {match:>4} ref {ref_text:>7}")
        print(f"{name[:58]:<58} {len(election.ballots):>6} {read_s:6.3f}  " + "  ".join(f"{c:>23}" for c in cells))
        if note.startswith("pabutools timings cached"):
            cached_note = note
        elif note:
            print(f"{'':<58} ({note})")
    print("'=' means the selected projects equal expected.json; '-' means no reference timing.")
    print(f"{cached_note}.\n" if cached_note else "")


# --------------------------------------------------------------------------------------------------------------


def synthetic_texts(n: int, seed: int = 1) -> list[str]:
    """Short citizen-report-like texts: Zipf-distributed made-up words mixed with common English words."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    common = [
        "the",
        "a",
        "on",
        "in",
        "of",
        "near",
        "at",
        "is",
        "and",
        "to",
        "for",
        "with",
        "no",
        "not",
        "broken",
        "street",
        "road",
        "park",
        "school",
        "bus",
        "stop",
        "light",
        "water",
        "bin",
        "bench",
        "tree",
        "noise",
        "traffic",
        "bike",
        "lane",
        "crossing",
        "pavement",
        "playground",
        "repair",
        "please",
        "since",
        "week",
    ]
    vocab = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 10))) for _ in range(30_000)]
    weights = 1 / np.arange(1, len(vocab) + 1)
    weights /= weights.sum()
    texts = []
    for _ in range(n):
        length = rng.randint(5, 14)
        picks = nrng.choice(len(vocab), size=length, p=weights)
        texts.append(" ".join(vocab[i] if rng.random() < 0.55 else rng.choice(common) for i in picks))
    return texts


def typo(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(2):
        i = rng.randrange(len(chars))
        action = rng.choice(("drop", "swap", "replace"))
        if action == "drop" and len(chars) > 5:
            del chars[i]
        elif action == "swap" and i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars[i] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return "".join(chars)


def bench_similar(n: int) -> None:
    print(f"Similar texts ({n:,} synthetic short texts, character 2-3-grams, k=10)")
    texts = synthetic_texts(n)
    rng = random.Random(7)
    places = [(48.1 + rng.random() * 0.2, 11.4 + rng.random() * 0.3) for _ in range(n)]
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    index = SimilarTexts()
    t0 = time.perf_counter()
    index.add_many((i, text, place) for i, (text, place) in enumerate(zip(texts, places, strict=True)))
    build = time.perf_counter() - t0
    print(f"  build (add_many): {build:.1f} s ({build / n * 1e6:.0f} µs per text)")

    extra = synthetic_texts(2_000, seed=2)
    t0 = time.perf_counter()
    for i, text in enumerate(extra):
        index.add(n + i, text)
    per_add = (time.perf_counter() - t0) / len(extra)
    t0 = time.perf_counter()
    for i in range(0, len(extra), 2):
        index.remove(n + i)
    per_remove = (time.perf_counter() - t0) / (len(extra) // 2)
    print(f"  incremental: add {per_add * 1e3:.2f} ms per text (merges included), remove {per_remove * 1e3:.2f} ms")

    queries = [(i, typo(texts[i], rng)) for i in rng.sample(range(n), 500)]
    index.query("warm up")
    times, found = [], 0
    for i, query in queries:
        t0 = time.perf_counter()
        results = index.query(query, k=10)
        times.append(time.perf_counter() - t0)
        found += bool(results) and (results[0][0] == i or texts[results[0][0]] == texts[i])
    times = np.array(times) * 1e3
    print(
        f"  query: p50 {np.percentile(times, 50):.2f} ms, p95 {np.percentile(times, 95):.2f} ms, "
        f"max {times.max():.2f} ms; near-duplicate with 2 typos ranked first: {found}/{len(queries)}"
    )
    geo_times = []
    for _, query in queries[:200]:
        t0 = time.perf_counter()
        index.query(query, k=10, near=(48.2, 11.55), radius_m=2_000)
        geo_times.append(time.perf_counter() - t0)
    geo_times = np.array(geo_times) * 1e3
    print(f"  query within 2 km: p50 {np.percentile(geo_times, 50):.2f} ms, p95 {np.percentile(geo_times, 95):.2f} ms")
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  memory: index arrays {index.nbytes / 2**20:.0f} MiB; peak resident memory of the process "
        f"{rss_after:.0f} MiB ({rss_after - rss_before:+.0f} MiB while building and querying)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference-timeout", type=float, default=180.0, help="seconds per file for pabutools")
    parser.add_argument("--no-reference", action="store_true", help="do not run pabutools")
    parser.add_argument("--refresh-reference", action="store_true", help="rerun pabutools even if cached")
    parser.add_argument("--texts", type=int, default=100_000, help="number of synthetic texts")
    parser.add_argument("--skip-pb", action="store_true")
    parser.add_argument("--skip-similar", action="store_true")
    args = parser.parse_args()
    if not args.skip_pb:
        bench_pb(args.reference_timeout, not args.no_reference, args.refresh_reference)
    if not args.skip_similar:
        bench_similar(args.texts)


if __name__ == "__main__":
    main()
