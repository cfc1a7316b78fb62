"""An adoption campaign with 1,000,000 reports: report ingestion over HTTP, the funnel page's latency and the Bass fit,
served as docs/deploy.md recommends.

    .venv/bin/python bench/adoption_reports.py                       # 2 web workers, 16 connections, 15 s each
    .venv/bin/python bench/adoption_reports.py --duration 30 --port 8103

For issue #15 (targets: ingestion at least 500 reports a second at 16 connections; the funnel page p99 < 200 ms, its
counts kept up to date on write and never counted on read; the Bass fit < 100 ms). The script (re)creates the
PostgreSQL database named by DATABASE_URL (default ``cocreate_bench_adoption``), migrates it, makes a published
challenge whose adoption stage runs, a campaign with two target populations, and writes 1,000,000 reports spread over
twelve months with COPY (a tenth of them without a population), then the funnel and monthly counts from them as the
write path keeps them. It then posts reports without an account to ``POST /api/v1/adoption/campaigns/<id>/reports``
(random steps and populations, a reason) with wrk through granian, checks that every report answered 201 is counted
exactly once in the funnel, and drives the funnel page ``/adoption/<id>/funnel/`` (signed out) with wrk.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ideas_generate as gen  # noqa: E402
import ideas_load as serve  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cocreate_bench_adoption"
REPORTS = 1_000_000
MONTHS = 12
TARGET_INGEST = 500
TARGET_P99_MS = 200
TARGET_FIT_MS = 100
STEP_WEIGHTS = {"heard": 40, "tried": 25, "regular": 25, "recommend": 10}


def build(seed: int) -> dict:
    """The campaign and its 1,000,000 reports with their counts; returns the campaign and segment ids."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from cocreate.accounts.actions import user_create
    from cocreate.adoption.actions import campaign_create, segment_add
    from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
    from cocreate.organisations.actions import department_create, organisation_create
    from cocreate.organisations.models import Organisation

    rng = random.Random(seed)
    city = organisation_create(name="Bench City", kind=Organisation.Kind.PUBLIC_BODY, is_host=True)
    department = department_create(organisation=city, name="Libraries")
    admin = user_create(
        email="bench-admin@example.org", password=secrets.token_urlsafe(), display_name="Bench", is_superuser=True
    )
    now = timezone.now()
    launch = now - dt.timedelta(days=30 * MONTHS)
    challenge = challenge_create(
        actor=admin,
        organisation=city,
        department=department,
        title="Online library card",
        summary="Help the online library card reach the people it is for.",
        problem_statement="Getting a card meant queuing.",
        template="adoption_campaign",
        starts_at=launch - dt.timedelta(days=28),
    ).challenge
    challenge_set_stages(
        actor=admin,
        challenge=challenge,
        stage_specs=[
            StageSpec(type="information", starts_at=launch - dt.timedelta(days=28), ends_at=launch),
            StageSpec(type="adoption", starts_at=launch, ends_at=None),
        ],
    )
    challenge = challenge_publish(actor=admin, challenge=challenge)
    campaign = campaign_create(
        actor=admin,
        stage=challenge.stages.get(type="adoption"),
        title="Online library card",
        service="A library card you get online.",
        how_to_use="Open the library website and choose “Get a card”.",
        languages="English, Polish",
    )
    segments = [
        segment_add(actor=admin, campaign=campaign, name="Parents", area="North", estimated_size=400_000, goal=200_000),
        segment_add(
            actor=admin, campaign=campaign, name="Over 70", area="City-wide", estimated_size=900_000, goal=150_000
        ),
    ]
    steps, weights = list(STEP_WEIGHTS), list(STEP_WEIGHTS.values())
    reasons = ["No more queue at the desk.", "Quick, and it works on my phone.", "I could not read the small print."]
    span = (now - launch).total_seconds()

    def lines():
        for _ in range(REPORTS):
            # Early months see fewer reports than later ones: a curve that rises, as adoption does.
            when = launch + dt.timedelta(seconds=span * rng.random() ** 0.6)
            step = rng.choices(steps, weights)[0]
            segment = "\\N" if rng.random() < 0.1 else str(rng.choice(segments).pk)
            helped = "" if step == "heard" else rng.choice(["yes", "yes", "no", "unsure"])
            reason = rng.choice(reasons) if helped and rng.random() < 0.3 else ""
            stamp = when.isoformat()
            yield f"{campaign.pk}\t{segment}\t{step}\t{helped}\t{reason}\tweb\t{stamp}\t{stamp}\t\t"

    t = time.perf_counter()
    with connection.cursor() as cursor:
        gen.copy_rows(
            cursor.connection.cursor(),
            "adoption_adoptionreport",
            [
                "campaign_id",
                "segment_id",
                "step",
                "helped",
                "reason",
                "channel",
                "created_at",
                "updated_at",
                "reminder_email",
                "reminder_language",
            ],
            lines(),
        )
        # The counts the write path keeps, computed once from the reports.
        cursor.execute("DELETE FROM adoption_funnelcount WHERE campaign_id = %s", [campaign.pk])
        cursor.execute(
            "INSERT INTO adoption_funnelcount (campaign_id, segment_id, step, count) "
            "SELECT campaign_id, segment_id, step, count(*) FROM adoption_adoptionreport WHERE campaign_id = %s "
            "GROUP BY campaign_id, segment_id, step",
            [campaign.pk],
        )
        cursor.execute(
            "INSERT INTO adoption_monthlycount "
            "(campaign_id, segment_id, month, heard, tried, regular, recommend, adopted) "
            "SELECT campaign_id, segment_id, date_trunc('month', created_at AT TIME ZONE %s)::date, "
            "count(*) FILTER (WHERE step = 'heard'), count(*) FILTER (WHERE step = 'tried'), "
            "count(*) FILTER (WHERE step = 'regular'), count(*) FILTER (WHERE step = 'recommend'), "
            "count(*) FILTER (WHERE step IN ('regular', 'recommend')) "
            "FROM adoption_adoptionreport WHERE campaign_id = %s GROUP BY 1, 2, 3",
            [settings.TIME_ZONE, campaign.pk],
        )
        cursor.execute(
            "UPDATE adoption_campaign SET "
            + ", ".join(
                f"helped_{a} = (SELECT count(*) FROM adoption_adoptionreport WHERE campaign_id = %s AND helped = '{a}')"
                for a in ("yes", "no", "unsure")
            )
            + " WHERE id = %s",
            [campaign.pk] * 4,
        )
        cursor.execute("ANALYZE")
    print(f"{REPORTS:,} reports and their counts written in {time.perf_counter() - t:.1f} s.")
    return {"campaign": campaign.pk, "segments": [s.pk for s in segments]}


def counted(campaign_id: int) -> tuple[int, int, int]:
    """Reports stored, the sum of the funnel counts, and the sum of the monthly arrivals (every report here is a
    visitor's, so each arrives once), read in one statement: one snapshot, whatever is being written meanwhile."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM adoption_adoptionreport WHERE campaign_id = %s), "
            "(SELECT sum(count) FROM adoption_funnelcount WHERE campaign_id = %s), "
            "(SELECT sum(heard + tried + regular + recommend) FROM adoption_monthlycount WHERE campaign_id = %s)",
            [campaign_id] * 3,
        )
        return tuple(int(value or 0) for value in cursor.fetchone())


def post_script(path: str, segments: list[int]) -> Path:
    choices = ", ".join([*(str(s) for s in segments), "'null'"])
    script = serve.TMP / "adoption_reports.lua"
    script.write_text(
        f"""
local steps = {{"heard", "tried", "regular", "recommend"}}
local segments = {{{choices}}}
local created = 0
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
request = function()
  local body = string.format('{{"step": "%s", "segment": %s, "helped": "yes", "reason": "Quick to use."}}',
    steps[math.random(#steps)], segments[math.random(#segments)])
  return wrk.format("POST", "{path}", {{["Content-Type"] = "application/json"}}, body)
end
"""
    )
    return script


def get_script() -> Path:
    script = serve.TMP / "adoption_funnel.lua"
    script.write_text('request = function() return wrk.format("GET") end\n')
    return script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--blocking-threads", type=int, default=4, help="as docs/deploy.md recommends")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8103)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
    serve.PORT, serve.BASE = args.port, f"http://{serve.HOST}:{args.port}"
    atexit.register(serve.cleanup)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    env = serve.server_env(secrets.token_urlsafe(64))
    os.environ.update(env)
    gen.recreate_database(os.environ["DATABASE_URL"])
    gen.setup_django()
    from django.core.management import call_command

    t = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Migrated {gen.db_name(os.environ['DATABASE_URL'])} in {time.perf_counter() - t:.1f} s.")
    data = build(args.seed)
    campaign_id = data["campaign"]

    from cocreate.adoption.forecast import forecast
    from cocreate.adoption.models import Campaign
    from cocreate.adoption.queries import funnel

    result = funnel(Campaign.objects.get(pk=campaign_id))
    fits = []
    for _ in range(20):
        started = time.perf_counter()
        fitted = forecast(result.months)
        fits.append((time.perf_counter() - started) * 1000)
    fit = fitted.fit
    print(
        f"Bass fit over {len(result.months)} months: median {statistics.median(fits):.1f} ms, max {max(fits):.1f} ms "
        f"({'PASS' if max(fits) < TARGET_FIT_MS else 'MISS'} < {TARGET_FIT_MS} ms); "
        + (f"p={fit.p:.4f} q={fit.q:.3f} m={fit.m:,.0f}" if fit else f"no fit: {fitted.error}")
    )

    serve.collectstatic(env)
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before the runs (other processes on "
        "this machine raise the latencies)"
    )
    print(f"\n== granian --interface wsgi --workers {args.workers} --blocking-threads {args.blocking_threads}")
    serve.start_server(args.workers, env, args.blocking_threads)
    path = f"/api/v1/adoption/campaigns/{campaign_id}/reports"
    post = post_script(path, data["segments"])
    before = counted(campaign_id)
    serve.run_wrk(post, path, 2, 2, 1)  # warm-up
    warm = counted(campaign_id)
    result = serve.run_wrk(post, path, args.connections, args.duration, args.threads)
    serve.drain()
    stored, funnel_total, monthly_total = counted(campaign_id)
    answered = result["requests"] - result["errors"]
    new = stored - warm[0]
    consistent = stored == funnel_total == monthly_total
    print(
        f"report ingestion  c={args.connections}  {result['rps']:.0f} req/s  p50 {result['p50']:.0f} ms  "
        f"p99 {result['p99']:.0f} ms  non-2xx {result['errors']}  "
        f"{'PASS' if result['rps'] >= TARGET_INGEST and not result['errors'] else 'MISS'} (>= {TARGET_INGEST}/s)"
    )
    print(
        f"  stored {new:,} new reports for {answered:,} answered 201 (the rest were in flight when wrk stopped); "
        f"reports {stored:,}, funnel total {funnel_total:,}, monthly total {monthly_total:,}: "
        f"{'consistent' if consistent else 'NOT consistent'} (before: {before[0]:,})"
    )
    funnel_path = f"/adoption/{campaign_id}/funnel/"
    get = get_script()
    serve.run_wrk(get, funnel_path, 2, 2, 1)  # warm-up
    result = serve.run_wrk(get, funnel_path, args.connections, args.duration, args.threads)
    serve.stop_server()
    print(
        f"funnel page       c={args.connections}  {result['rps']:.0f} req/s  p50 {result['p50']:.0f} ms  "
        f"p99 {result['p99']:.0f} ms  errors {result['errors']}  "
        f"{'PASS' if result['p99'] < TARGET_P99_MS and not result['errors'] else 'MISS'} (p99 < {TARGET_P99_MS} ms)"
    )


if __name__ == "__main__":
    main()
