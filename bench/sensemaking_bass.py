"""Benchmark of the Bass diffusion fit (cocreate.sensemaking.bass), the adoption funnel's forecast.

    .venv/bin/python bench/sensemaking_bass.py [--fits 200] [--seed 1]

Times ``fit_bass`` (the fit, its intervals and the t quantile) on synthetic adoption curves with known p, q and m:
a 52-point weekly curve, a 365-point daily curve and a curve that ends at its peak. Each fit gets its own seeded
draw (each of the m people adopts at a time drawn from the Bass distribution), generated before the clock starts.
Prints the median, p99 and worst wall-clock time per fit against the 100 ms target (p99 decides PASS), the median
and p99 CPU time of the process per fit (less disturbed by other work on the machine), the time of the first fit in
the process (which imports SciPy), one forecast's time, and how often the 95% intervals held the true values.
Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cocreate.sensemaking.bass import bass_cumulative, fit_bass  # noqa: E402

TARGET_MS = 100.0
# name: (p, q, m, times)
CURVES = {
    "weekly, 52 points (t* = 35.7)": (0.004, 0.08, 10_000, np.arange(1, 53)),
    "daily, 365 points (t* = 195)": (0.01 / 30, 0.5 / 30, 10_000, np.arange(1, 366)),
    "until the peak, 24 points": (0.03, 0.38, 10_000, np.arange(1, 25) * 0.25),
}


def drawn(p, q, m, times, rng):
    shares = np.diff(np.concatenate(([0.0], bass_cumulative(np.asarray(times, float), p, q, 1.0))))
    new = rng.multinomial(m, np.append(shares, 1.0 - shares.sum()))[:-1]
    return [(float(t), float(n)) for t, n in zip(times, np.cumsum(new), strict=True)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fits", type=int, default=200, help="fits per curve (default 200)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)

    first_curve = drawn(*CURVES["weekly, 52 points (t* = 35.7)"], rng)
    start = time.perf_counter()
    fit_bass(first_curve)
    print(f"first fit in the process (imports SciPy): {1000 * (time.perf_counter() - start):.0f} ms")
    print(f"{args.fits} fits per curve, each on its own seeded draw; target < {TARGET_MS:.0f} ms per fit")
    print()
    header = (
        f"{'curve':32} {'median':>9} {'p99':>9} {'max':>9} {'CPU p50':>9} {'CPU p99':>9}"
        f"   {'95% intervals held p / q / m':>28}"
    )
    print(header)
    print("-" * len(header))
    for name, (p, q, m, times) in CURVES.items():
        curves = [drawn(p, q, m, times, rng) for _ in range(args.fits)]
        seconds, cpu_seconds, fits = [], [], []
        for curve in curves:
            start, cpu_start = time.perf_counter(), time.process_time()
            fits.append(fit_bass(curve))
            seconds.append(time.perf_counter() - start)
            cpu_seconds.append(time.process_time() - cpu_start)
        ms = [1000 * s for s in seconds]
        cpu_ms = [1000 * s for s in cpu_seconds]
        held = [
            sum(low <= truth <= high for low, high in intervals) / len(fits)
            for truth, intervals in (
                (p, [f.p_interval for f in fits]),
                (q, [f.q_interval for f in fits]),
                (m, [f.m_interval for f in fits]),
            )
        ]
        verdict = "PASS" if percentile(ms, 0.99) < TARGET_MS else "MISS"
        print(
            f"{name:32} {statistics.median(ms):>6.2f} ms {percentile(ms, 0.99):>6.2f} ms {max(ms):>6.2f} ms"
            f" {statistics.median(cpu_ms):>6.2f} ms {percentile(cpu_ms, 0.99):>6.2f} ms"
            f"   {' / '.join(f'{h:.0%}' for h in held):>28}  {verdict}"
        )
    fit = fits[-1]
    start = time.perf_counter()
    for t in range(1000):
        fit.forecast(float(t))
    print()
    print(f"forecast: {1000 * (time.perf_counter() - start):.0f} µs per call (mean of 1000 calls)")


if __name__ == "__main__":
    main()
