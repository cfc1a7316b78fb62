"""Benchmark of Cocreate's opinion map (cocreate.sensemaking.opinion).

Prints, for each Pol.is conversation in ../shared/data/polis: our number of groups and Pol.is's, the adjusted Rand
index between our groups and the groups Pol.is stored, the same for the red-dwarf package (a Python
reimplementation of Pol.is, run in its own environment if it is not importable here), and our time and peak
memory. Then the scale run: a synthetic conversation of 100,000 participants x 5,000 statements x 10,000,000
votes with latent opinion groups, computed from arrays already in memory.

    .venv/bin/python bench/sensemaking_opinion.py           # everything
    .venv/bin/python bench/sensemaking_opinion.py --quick   # skip the scale run

Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cocreate.sensemaking.opinion import VoteArrays, compute_opinion_map  # noqa: E402
from cocreate.sensemaking.polis_io import load_polis_export, load_polis_groups  # noqa: E402

DATA = (ROOT / ".." / "shared" / "data" / "polis").resolve()
CONVERSATIONS = [
    "15-per-hour-seattle",
    "brexit-consensus",
    "canadian-electoral-reform",
    "london.youth.policing",
    "scoop-hivemind.biodiversity",
    "scoop-hivemind.ubi",
    "vtaiwan.uberx",
]
REDDWARF_PYTHON = Path(os.environ.get("REDDWARF_PYTHON", "/tmp/reddwarf/bin/python"))

# Run inside red-dwarf's own environment: reads one export folder, prints {participant: group} as JSON.
REDDWARF_SCRIPT = r"""
import csv, json, sys, time, warnings
warnings.simplefilter("ignore")
from reddwarf.implementations.polis import run_pipeline
folder = sys.argv[1]
with open(folder + "/votes.csv", newline="") as f:
    rows = sorted(csv.DictReader(f), key=lambda r: int(r["timestamp"]))
votes = [{"participant_id": int(r["voter-id"]), "statement_id": int(r["comment-id"]), "vote": int(r["vote"]),
          "modified": int(r["timestamp"])} for r in rows]
latest = {}
for v in votes:
    latest[(v["participant_id"], v["statement_id"])] = v
votes = list(latest.values())
with open(folder + "/comments.csv", newline="") as f:
    mod_out = [int(r["comment-id"]) for r in csv.DictReader(f) if r["moderated"].strip() == "-1"]
t = time.perf_counter()
result = run_pipeline(votes=votes, mod_out_statement_ids=mod_out, random_state=42)
elapsed = time.perf_counter() - t
labels = result.participants_df["cluster_id"]
import pandas as pd
print(json.dumps({"seconds": elapsed,
                  "groups": {str(int(p)): (None if pd.isna(g) else int(g)) for p, g in labels.items()}}))
"""


def reddwarf_groups(folder: Path) -> tuple[dict[str, int | None] | None, float | None, str]:
    try:
        import reddwarf  # noqa: F401
    except ImportError:
        python = REDDWARF_PYTHON
        if not python.exists():
            return None, None, f"red-dwarf not available (no {python})"
    else:
        python = Path(sys.executable)
    proc = subprocess.run(
        [str(python), "-c", REDDWARF_SCRIPT, str(folder)], capture_output=True, text=True, timeout=600, check=False
    )
    if proc.returncode != 0:
        return None, None, "red-dwarf failed: " + (proc.stderr.strip().splitlines() or ["?"])[-1]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return out["groups"], out["seconds"], ""


def measure(fn):
    """(result, seconds, peak traced MiB): timed without tracing, then run again under tracemalloc."""
    t = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak / 2**20


def ari(reference: dict, ours: dict) -> tuple[float, int]:
    both = [p for p, g in ours.items() if g is not None and reference.get(p) is not None]
    if not both:
        return float("nan"), 0
    return adjusted_rand_score([reference[p] for p in both], [ours[p] for p in both]), len(both)


def run_conversations() -> None:
    if not DATA.is_dir():
        print(f"Reference data not found at {DATA}; skipping the Pol.is comparison.")
        return
    print("Agreement with the groups Pol.is stored (participants-votes.csv group-id)")
    header = (
        f"{'conversation':30} {'ptpts':>6} {'votes':>6} {'groups us/polis':>15} {'ARI us':>7}"
        f" {'red-dwarf groups':>16} {'ARI rd':>7} {'time us':>8} {'peak MiB':>8} {'time rd':>8}"
    )
    print(header)
    print("-" * len(header))
    notes = set()
    for name in CONVERSATIONS:
        folder = DATA / name
        pids, sids, votes, mod_out = load_polis_export(folder)
        reference = load_polis_groups(folder)
        n_ref = len({g for g in reference.values() if g is not None})
        m, seconds, peak = measure(lambda: compute_opinion_map(pids, sids, votes, moderated_out=mod_out))  # noqa: B023
        our_ari, _ = ari(reference, m.groups)
        rd, rd_seconds, note = reddwarf_groups(folder)
        if rd is None:
            notes.add(note)
            rd_groups, rd_ari, rd_time = "-", "-", "-"
        else:
            rd = {int(p): g for p, g in rd.items()}
            rd_groups = str(len({g for g in rd.values() if g is not None}))
            rd_ari = f"{ari(reference, rd)[0]:.3f}"
            rd_time = f"{rd_seconds:.2f}s"
        print(
            f"{name:30} {len(pids):>6} {len(votes):>6} {f'{m.n_groups}/{n_ref}':>15} {our_ari:>7.3f}"
            f" {rd_groups:>16} {rd_ari:>7} {seconds:>7.2f}s {peak:>8.1f} {rd_time:>8}"
        )
    for note in sorted(notes):
        print(note)
    print()


def synthetic(n_participants=100_000, n_statements=5_000, n_votes=10_000_000, n_groups=3, seed=7) -> VoteArrays:
    """Votes with latent opinion groups: each group has its own agree/disagree/pass odds per statement."""
    rng = np.random.default_rng(seed)
    group = rng.integers(n_groups, size=n_participants)
    # Participants vote on different numbers of statements (mean n_votes / n_participants).
    weights = rng.gamma(2.0, 1.0, size=n_participants)
    per_participant = rng.multinomial(n_votes, weights / weights.sum())
    participant = np.repeat(np.arange(n_participants, dtype=np.int32), per_participant)
    rng.shuffle(participant)  # votes arrive interleaved in time
    statement = rng.integers(n_statements, size=n_votes, dtype=np.int32)
    p_agree = rng.beta(0.7, 0.7, size=(n_groups, n_statements))
    p_pass = 0.15
    u = rng.random(n_votes, dtype=np.float32)
    pa = p_agree[group[participant], statement] * (1 - p_pass)
    value = np.where(u < pa, 1, np.where(u < 1 - p_pass, -1, 0)).astype(np.int8)
    return VoteArrays(participant, statement, value), group


def run_scale() -> None:
    print("Scale: 100,000 participants x 5,000 statements x 10,000,000 votes (synthetic, 3 latent groups)")
    t = time.perf_counter()
    votes, latent = synthetic()
    print(f"  generated in {time.perf_counter() - t:.1f}s")
    pids = list(range(100_000))
    sids = list(range(5_000))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    m, seconds, peak = measure(lambda: compute_opinion_map(pids, sids, votes))
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    found = np.array([-1 if m.groups[p] is None else m.groups[p] for p in pids])
    clustered = found >= 0
    print(f"  time: {seconds:.2f}s")
    print(f"  peak memory (tracemalloc, during the computation): {peak:.0f} MiB")
    print(f"  process peak RSS: {rss_after:.0f} MiB (before the computation: {rss_before:.0f} MiB)")
    print(
        f"  groups found: {m.n_groups}; clustered {int(clustered.sum())} participants; ARI vs latent groups: "
        f"{adjusted_rand_score(latent[clustered], found[clustered]):.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 100,000-participant scale run")
    args = parser.parse_args()
    run_conversations()
    if not args.quick:
        run_scale()


if __name__ == "__main__":
    main()
