"""All sensemaking figures in one run: opinion maps (agreement with Pol.is and red-dwarf, scale), wiki surveys are
checked by the tests, participatory budgeting (exactness and time beside pabutools) and similar-text search.

    .venv/bin/python bench/sensemaking.py            # everything (a few minutes)
    .venv/bin/python bench/sensemaking.py --quick    # without the 100,000-participant run and with 20,000 texts
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sensemaking_opinion
import sensemaking_pb_similar


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print("== Opinion maps")
    sensemaking_opinion.run_conversations()
    if not args.quick:
        sensemaking_opinion.run_scale()
    print("\n== Participatory budgeting")
    sensemaking_pb_similar.bench_pb(180.0, True, False)
    print("\n== Similar texts")
    sensemaking_pb_similar.bench_similar(20_000 if args.quick else 100_000)


if __name__ == "__main__":
    main()
