"""The execution dashboard with 10,000 projects and 100,000 milestones: queries per render, render time, and latency
over HTTP, served as docs/deploy.md recommends.

    .venv/bin/python bench/delivery_dashboard.py                       # 2 workers, 16 connections, 10 s
    .venv/bin/python bench/delivery_dashboard.py --duration 5 --port 8102

For issue #14 (target: a constant number of queries, p99 < 200 ms at 16 connections). The script (re)creates the
PostgreSQL database named by DATABASE_URL (default ``cocreate_bench_dashboard``), migrates it and writes a public
body with 20 departments, 3 published challenges whose delivery stages run, a decision with 3,000 selected projects,
and then, in batches of 5,000 (``bulk_create``): 10,000 implementation projects in every state, spread over 12
districts and the departments (one or two each), 3,000 of them created from the decision's winners, and 100,000
milestones (10 a project, some of them passed unmet). It then counts the SQL queries of a render of
``/delivery/dashboard/`` at 3 and at 10,000 projects' worth of data (they must be equal), times renders in-process
(Django's test client), and drives the unfiltered page and filtered ones with wrk through granian (bench/ideas_load.py's
functions: ``--interface wsgi --workers N --blocking-threads 4``, production settings, static files collected).
Issue #14's 1,000,000 lineage participants and its notification figures are not part of this script.
"""

import argparse
import atexit
import datetime as dt
import os
import random
import secrets
import signal
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ideas_generate as gen  # noqa: E402
import ideas_load as serve  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cocreate_bench_dashboard"
TARGET_P99_MS = 200
PROJECTS = 10_000
MILESTONES_EACH = 10
FROM_DECISION = 3_000
DISTRICTS = [f"District {n}" for n in range(1, 13)]
BATCH = 5_000


def build(seed: int, *, projects: int = PROJECTS, tag: str = "") -> dict:
    """The public body, challenges, decision, projects and milestones; returns what the requests filter on."""
    from django.utils import timezone

    from cocreate.accounts.actions import user_create
    from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
    from cocreate.decisions.models import Budget, Decision, Project
    from cocreate.delivery.models import ImplementationProject, Milestone
    from cocreate.organisations.actions import department_create, organisation_create
    from cocreate.organisations.models import Organisation

    rng = random.Random(seed)
    city = organisation_create(name=f"Bench City{tag}", kind=Organisation.Kind.PUBLIC_BODY, is_host=not tag)
    departments = [department_create(organisation=city, name=f"Department {n}") for n in range(1, 21)]
    admin = user_create(
        email=f"bench-admin{tag}@example.org", password=secrets.token_urlsafe(), display_name="Bench", is_superuser=True
    )
    now = timezone.now()
    challenges, stages = [], []
    for n in range(3):
        challenge = challenge_create(
            actor=admin,
            organisation=city,
            department=departments[n],
            title=f"Bench delivery {n}{tag}",
            summary="Projects carried out.",
            problem_statement="Things to build.",
            template="co_design_studio",
        ).challenge
        challenge_set_stages(
            actor=admin,
            challenge=challenge,
            stage_specs=[
                StageSpec(type="vote", starts_at=now - dt.timedelta(days=400), ends_at=now - dt.timedelta(days=370)),
                StageSpec(type="delivery", starts_at=now - dt.timedelta(days=369), ends_at=None),
            ],
        )
        challenge = challenge_publish(actor=admin, challenge=challenge)
        challenges.append(challenge)
        stages.append(next(s for s in challenge.ordered_stages if s.type == "delivery"))
    vote_stage = next(s for s in challenges[0].ordered_stages if s.type == "vote")
    decision = Decision.objects.filter(stage=vote_stage).first() or Decision.objects.create(
        stage=vote_stage, challenge=challenges[0], organisation=city, title="Budget", results="published"
    )
    budget = Budget.objects.create(decision=decision, name="City-wide", amount=Decimal(10**9))
    winners = Project.objects.bulk_create(
        (
            Project(decision=decision, budget=budget, title=f"Winner {n}", cost=Decimal(1000), selected=True)
            for n in range(min(FROM_DECISION, projects))
        ),
        batch_size=BATCH,
    )
    statuses = ["planned", "in_progress", "in_progress", "in_progress", "done", "abandoned"]
    made = []
    for n in range(projects):
        c = n % len(challenges)
        made.append(
            ImplementationProject(
                author=admin,
                challenge=challenges[c],
                organisation=city,
                stage=stages[c],
                title=f"Project {n}",
                description="A project.",
                status=rng.choice(statuses),
                district=rng.choice([*DISTRICTS, ""]),
                budget_planned=Decimal(rng.randint(10, 900) * 1000),
                budget_spent=Decimal(rng.randint(0, 800) * 1000),
                decision_project=winners[n] if n < len(winners) else None,
                created_at=now - dt.timedelta(days=rng.randint(0, 1500)),
            )
        )
    made = ImplementationProject.objects.bulk_create(made, batch_size=BATCH)
    through = ImplementationProject.departments.through
    links = []
    for p in made:
        for d in rng.sample(departments, rng.choice([1, 1, 1, 2])):
            links.append(through(implementationproject_id=p.pk, department_id=d.pk))
    through.objects.bulk_create(links, batch_size=BATCH)
    today = timezone.localdate()
    batch = []
    for p in made:
        for k in range(MILESTONES_EACH):
            planned = today + dt.timedelta(days=rng.randint(-400, 400))
            reached = planned if planned < today and rng.random() < 0.9 else None
            batch.append(Milestone(project_id=p.pk, title=f"Step {k}", planned_on=planned, reached_on=reached))
            if len(batch) >= BATCH:
                Milestone.objects.bulk_create(batch)
                batch = []
    Milestone.objects.bulk_create(batch)
    return {"organisation": city.slug, "department": departments[4].pk, "district": DISTRICTS[3], "cycle": today.year}


def render_figures(filters: dict, renders: int) -> tuple[int, list[float]]:
    """Queries of one render, and the times of ``renders`` renders in-process (ms), with the page cache off: what a
    render costs when the cached page is out of date (over HTTP, visitors are served the cached page)."""
    from django.db import connection
    from django.test import Client, override_settings

    with override_settings(COCREATE_PAGE_CACHE_SECONDS=0):
        return _render_figures(filters, renders, connection, Client)


def _render_figures(filters, renders, connection, Client):
    client = Client(HTTP_HOST=serve.HOST)
    client.get("/delivery/dashboard/")
    captured = []

    def count(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get("/delivery/dashboard/", filters).status_code == 200
    times = []
    for _ in range(renders):
        t = time.perf_counter()
        response = client.get("/delivery/dashboard/", filters)
        times.append(1000 * (time.perf_counter() - t))
        assert response.status_code == 200
    return len(captured), times


def lua_paths(paths: list[str]) -> Path:
    lines = ["local paths = {", *(f"  {serve.lua_string(p)}," for p in paths), "}"]
    lines.append(
        """
local i = 0
function request()
  i = i + 1
  return wrk.format("GET", paths[((i - 1) % #paths) + 1])
end
"""
    )
    script = serve.TMP / "dashboard.lua"
    script.write_text("\n".join(lines))
    return script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--blocking-threads", type=int, default=4, help="as docs/deploy.md recommends")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8102)
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--no-http", action="store_true", help="skip the wrk part")
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    serve.PORT, serve.BASE = args.port, f"http://{serve.HOST}:{args.port}"
    atexit.register(serve.cleanup)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    env = serve.server_env(secrets.token_urlsafe(64))
    os.environ.update(env)
    gen.recreate_database(os.environ["DATABASE_URL"])
    import redis

    redis.Redis.from_url(os.environ["BENCH_REDIS_URL"]).flushdb()  # no page cached by an earlier run
    gen.setup_django()
    from django.core.management import call_command
    from django.db import connection

    t = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Migrated {gen.db_name(os.environ['DATABASE_URL'])} in {time.perf_counter() - t:.1f} s.")

    from cocreate.delivery.models import ImplementationProject, Milestone

    serve.collectstatic(env)  # the pages are rendered with the production settings' static files
    build(args.seed, projects=3, tag=" small")
    few_queries, _ = render_figures({}, 0)
    t = time.perf_counter()
    filters = build(args.seed)
    print(
        f"{ImplementationProject.objects.count():,} projects and {Milestone.objects.count():,} milestones written "
        f"in {time.perf_counter() - t:.1f} s."
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    many_queries, times = render_figures({}, args.renders)
    filtered_queries, filtered_times = render_figures(filters, args.renders)
    print(
        f"queries per render: {few_queries} with 3 projects, {many_queries} with {PROJECTS:,} "
        f"({'constant' if few_queries == many_queries else 'NOT constant'}); {filtered_queries} with all four filters"
    )
    print(
        f"in-process render without the page cache (unfiltered): median {statistics.median(times):.0f} ms, "
        f"max {max(times):.0f} ms; "
        f"with filters: median {statistics.median(filtered_times):.0f} ms, max {max(filtered_times):.0f} ms"
    )
    if args.no_http:
        return
    paths = [
        "/delivery/dashboard/",
        f"/delivery/dashboard/?organisation={filters['organisation']}",
        f"/delivery/dashboard/?district={filters['district'].replace(' ', '+')}",
        f"/delivery/dashboard/?department={filters['department']}&cycle={filters['cycle']}",
    ]
    script = lua_paths(paths)
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before the run (other processes on "
        "this machine raise the latencies)"
    )
    print(f"\n== granian --interface wsgi --workers {args.workers} --blocking-threads {args.blocking_threads}")
    serve.start_server(args.workers, env, args.blocking_threads)
    for path in paths:
        serve.run_wrk(script, path, 2, 1, 1)  # warm-up
    load_before = os.getloadavg()[0]
    result = serve.run_wrk(script, "/", args.connections, args.duration, args.threads)
    load_during = os.getloadavg()[0]
    serve.stop_server()
    verdict = "PASS" if result["p99"] < TARGET_P99_MS and not result["errors"] else "MISS"
    print(
        f"dashboard (4 filter sets in turn)  c={args.connections}  {result['rps']:.0f} req/s  "
        f"p50 {result['p50']:.0f} ms  p99 {result['p99']:.0f} ms  errors {result['errors']}  "
        f"load {load_before:.1f} -> {load_during:.1f}  {verdict} (p99 < {TARGET_P99_MS} ms)"
    )


if __name__ == "__main__":
    main()
