"""Benchmark of counting a vote from the database to stored results (issue #13: < 5 s for MES with completion).

    .venv/bin/python bench/decisions_tally.py [--ballots 100000] [--projects 150] [--rules greedy,mes,mes-complete]
        [--pg postgres://postgres@127.0.0.1:5432/cocreate_bench_tally] [--no-pg] [--no-file]

For SQLite (a fresh file in /tmp) and PostgreSQL (the database in --pg is dropped and created again), it migrates,
writes a synthetic approval election (--ballots ballots over --projects projects, each ballot approving 1 to 10
projects, some projects far more popular than others) as Ballot rows, and times :func:`cocreate.decisions.tally.count`
for each rule: reading the ballots, the exact count, the greedy comparison, writing the .pb and JSON files with
their SHA-256, and storing the TallyRun. Then it imports the largest file of ../shared/data/pabulib with pb_import
and times its count the same way. Prints wall-clock seconds, the process's CPU seconds (the database server's work
is in the wall-clock figure only) and the load average, since the machine may be shared; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "pabulib"


def child(args) -> None:
    """Runs in a subprocess with DATABASE_URL set: migrate, fill, count, print one JSON line per measurement."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection

    from cocreate.decisions.models import Ballot, Budget, Decision, Project
    from cocreate.decisions.tally import count

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(json.dumps({"what": "migrate", "s": round(time.perf_counter() - started, 1)}), flush=True)

    rng = random.Random(2026)
    decision = Decision.objects.create(title="Bench vote", method=Decision.Method.VOTE)
    budget = Budget.objects.create(decision=decision, name="City", amount=Decimal(5_000_000))
    projects = Project.objects.bulk_create(
        Project(decision=decision, budget=budget, title=f"Project {n}", cost=Decimal(rng.randrange(50, 500) * 1000))
        for n in range(args.projects)
    )
    weights = [rng.random() ** 2 for _ in projects]
    pks = [p.pk for p in projects]
    started = time.perf_counter()
    batch = []
    for n in range(args.ballots):
        chosen = sorted(set(rng.choices(pks, weights=weights, k=rng.randint(1, 10))))
        batch.append(
            Ballot(
                decision=decision,
                budget=budget,
                voter_key=f"b{n}",
                receipt=f"{rng.getrandbits(64):016x}",
                choices=chosen,
            )
        )
        if len(batch) == 10_000:
            Ballot.objects.bulk_create(batch)
            batch = []
    Ballot.objects.bulk_create(batch)
    print(
        json.dumps({"what": "fill", "ballots": args.ballots, "s": round(time.perf_counter() - started, 1)}), flush=True
    )
    for rule in args.rules.split(","):
        started, cpu = time.perf_counter(), time.process_time()
        (run,) = count(decision, rule=rule, dry_run=True)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            json.dumps(
                {
                    "what": "count",
                    "election": f"synthetic {args.ballots}x{args.projects}",
                    "rule": rule,
                    "s": round(elapsed, 2),
                    "cpu_s": round(cpu, 2),
                    "load": round(os.getloadavg()[0], 1),
                    "status": run.status,
                    "selected": len(run.outcome["selected"]),
                    "pb_bytes": len(run.ballots_file),
                    "db": connection.vendor,
                }
            ),
            flush=True,
        )
    if args.file:
        largest = max(DATA.glob("*.pb"), key=lambda p: p.stat().st_size)
        from io import StringIO

        out = StringIO()
        started = time.perf_counter()
        call_command("pb_import", str(largest), stdout=out)
        imported = json.loads(out.getvalue())
        print(
            json.dumps({"what": "import", "file": largest.name, "s": round(time.perf_counter() - started, 1)}),
            flush=True,
        )
        expected = json.loads((DATA / "expected.json").read_text()).get(largest.name, {})
        decision = Decision.objects.get(pk=imported["id"])
        for rule in args.rules.split(","):
            started, cpu = time.perf_counter(), time.process_time()
            (run,) = count(decision, rule=rule, dry_run=True)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            same = sorted(run.outcome["selected"]) == sorted(expected.get(rule.replace("-", "_"), []))
            print(
                json.dumps(
                    {
                        "what": "count",
                        "election": largest.name,
                        "rule": rule,
                        "s": round(elapsed, 2),
                        "cpu_s": round(cpu, 2),
                        "ballots": run.ballot_count,
                        "equals_expected": same,
                        "db": connection.vendor,
                    }
                ),
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=150)
    parser.add_argument("--rules", default="greedy,mes,mes-complete")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/cocreate_bench_tally")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-file", dest="file", action="store_false")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    targets = [("SQLite", "sqlite:////tmp/cocreate-bench-tally.sqlite3")]
    if not args.no_pg:
        targets.append(("PostgreSQL", args.pg))
    Path("/tmp/cocreate-bench-tally.sqlite3").unlink(missing_ok=True)
    forwarded = [f"--ballots={args.ballots}", f"--projects={args.projects}", f"--rules={args.rules}"]
    if not args.file:
        forwarded.append("--no-file")
    for label, url in targets:
        if url.startswith("postgres"):
            name = url.rsplit("/", 1)[1]
            base = url.rsplit("/", 1)[0]
            host = base.split("@")[-1].split(":")[0]
            subprocess.run(["dropdb", "-h", host, "-U", "postgres", "--if-exists", name], check=False)
            subprocess.run(["createdb", "-h", host, "-U", "postgres", name], check=True)
        print(f"== {label}", flush=True)
        env = {**os.environ, "DATABASE_URL": url, "COCREATE_TESTING": "1"}
        subprocess.run([sys.executable, __file__, "--child", *forwarded], env=env, cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
