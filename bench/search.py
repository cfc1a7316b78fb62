"""Benchmark of site-wide search (``core.search.site_search``) on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cocreate_bench_search .venv/bin/python bench/search.py \
        [--problems 200000] [--queries 200] [--fresh] [--seed 7]

Uses the synthetic problems of ``bench/problems_suggest.py`` (the same generator and challenges: public, invited,
unpublished; the database's name must contain "bench"), then times one page of ``site_search`` as a visitor and as
a signed-in citizen for one- and two-word searches drawn from the titles, and prints p50/p95/p99 in ms, how many
results a viewer may not see were returned (must be 0), and EXPLAIN ANALYZE of the problems' query. Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import problems_suggest as data
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection

from cocreate.core.search import matching, site_search
from cocreate.problems.models import Problem
from cocreate.problems.queries import SEARCH_FIELDS, searchable_problems


def workload(rng: random.Random, count: int) -> list[str]:
    titles = list(Problem.objects.order_by("?").values_list("title", flat=True)[: count * 2])
    searches = []
    for title in titles[:count]:
        words = [word for word in re.findall(r"\w+", title.lower()) if len(word) >= 4 and not word.isdigit()]
        if words:
            picked = rng.sample(words, min(len(words), rng.choice([1, 2])))
            searches.append(" ".join(word[: max(4, len(word) - rng.choice([0, 0, 2]))] for word in picked))
    return searches


def run(viewer: str, user, searches: list[str], forbidden: set[int]) -> None:
    times, leaked, totals = [], 0, []
    for text in searches:
        began = time.perf_counter()
        results = site_search(user, text)
        times.append((time.perf_counter() - began) * 1000)
        totals.append(results.total)
        paths = {hit.url for hit in results.hits if hit.kind == "problem"}
        ids = {int(path.rstrip("/").rsplit("/", 1)[1]) for path in paths}
        leaked += Problem.objects.filter(pk__in=ids, challenge_id__in=forbidden).count()
    times.sort()
    print(
        f"  {viewer}: p50 {data.percentile(times, 0.5):.1f} ms, p95 {data.percentile(times, 0.95):.1f} ms, "
        f"p99 {data.percentile(times, 0.99):.1f} ms; median matches {statistics.median(totals):,.0f}; "
        f"results the viewer may not see: {leaked}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench' (it is emptied on rebuild).")
    rng = random.Random(args.seed)
    call_command("migrate", verbosity=0)
    organisation, _, categories, authors, citizen, challenges = data.fixtures(rng)
    present = Problem.objects.filter(organisation=organisation).count()
    if args.fresh or present != args.problems:
        print(f"Generating {args.problems:,} problems (found {present:,})…")
        seconds = data.generate(args.problems, rng, organisation, categories, authors, challenges)
        print(f"  generated, indexed and analysed in {seconds:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('problems_problem_search'))")
        print(f"{present or args.problems:,} problems; search index problems_problem_search: {cursor.fetchone()[0]}")

    searches = workload(rng, args.queries)
    invited_others, draft = challenges["bench-invited-others"].pk, challenges["bench-draft"].pk
    invited_citizen = challenges["bench-invited-citizen"].pk
    print(f"\nsite_search(user, text), first page of {len(searches)} searches (e.g. {searches[:3]}):")
    run("visitor", AnonymousUser(), searches, {invited_others, draft, invited_citizen})
    run("citizen", citizen, searches, {invited_others, draft})

    print("\nEXPLAIN ANALYZE (citizen, the problems' page query):")
    found = matching(searchable_problems(citizen), SEARCH_FIELDS, searches[0]).order_by("-search_rank", "-pk")[:20]
    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        for (line,) in cursor.fetchall():
            print("  " + line)


if __name__ == "__main__":
    main()
