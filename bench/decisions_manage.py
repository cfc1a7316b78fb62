"""How long printing voting codes takes (issue #13), without a database: making the codes and their digests, and the
PDF of slips that the page answers with, for batches of 100, 1,000 and 10,000 codes (the largest a batch may be).

    .venv/bin/python bench/decisions_manage.py
    .venv/bin/python bench/decisions_manage.py --sizes 10000 --repeat 3

Prints, per size, the median of the repetitions: seconds to make the codes and digests, seconds to make the PDF,
and the PDF's size in MB. The target is that the largest batch is answered well within a request's time limit
(under 10 s for the PDF on one core).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("COCREATE_TESTING", "1")

import django

django.setup()

from cocreate.decisions import codes  # noqa: E402
from cocreate.decisions.code_slips import slips_pdf  # noqa: E402

PDF_TARGET_SECONDS = 10


def run(size: int, repeat: int) -> tuple[float, float, float]:
    making, printing, megabytes = [], [], 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        plain = [codes.new_code() for _ in range(size)]
        digests = {codes.digest(code) for code in plain}
        making.append(time.perf_counter() - start)
        assert len(digests) == size
        start = time.perf_counter()
        pdf = slips_pdf(
            title="Bürgerhaushalt Riverside 2027 – Presupuesto participativo",
            vote_url="https://beteiligung.example.org/decisions/12/",
            codes=plain,
            label="Letters, May",
            district="Riverside",
        )
        printing.append(time.perf_counter() - start)
        megabytes = len(pdf) / 1e6
    return statistics.median(making), statistics.median(printing), megabytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'codes':>7} {'codes+digests s':>16} {'PDF s':>7} {'PDF MB':>7}")
    for size in (int(s) for s in args.sizes.split(",")):
        making, printing, megabytes = run(size, args.repeat)
        verdict = "PASS" if printing < PDF_TARGET_SECONDS else "MISS"
        print(f"{size:>7} {making:>16.2f} {printing:>7.2f} {megabytes:>7.2f}  {verdict}")


if __name__ == "__main__":
    main()
