"""Ballots cast over HTTP, served as docs/deploy.md recommends, with the stored count checked against the answers.

    .venv/bin/python bench/decisions_vote.py                          # 2 workers, 16 connections, 10 s
    .venv/bin/python bench/decisions_vote.py --duration 20 --workers 2,3 --port 8101

For issue #13 (target: >= 300 ballots/s at 16 connections on the 2-core machine, wrk included, stored count exact).
The script (re)creates the PostgreSQL database named by DATABASE_URL (default ``cocreate_bench_vote``), migrates it
and writes, through the application's actions where it has them: a published challenge whose vote stage runs now,
its decision (approval ballot, 1 to 5 projects, one budget of 150 projects) and 40,000 printed voting codes (stored as
digests, as the managing pages store them). It serves the site with bench/ideas_load.py's functions (granian
``--interface wsgi --workers N --blocking-threads 4``, production settings, static files collected, Redis cache in db
8, COCREATE_RATE_LIMITS_OFF because every request comes from one address) and drives ``POST
/api/v1/decisions/<id>/ballot`` with wrk: every request carries a code of its own (``X-Voting-Code``), so every
answered request is a new ballot. The Lua script counts the answers by status and keeps the receipts of the 201s;
afterwards every receipt answered must be stored, nothing stored twice, and the ballots stored beyond those
answered are at most the requests in flight when wrk stopped (wrk does not wait for them). Then it counts the SQL
queries of one cast in-process (Django's test client, CaptureQueriesContext).
"""

import argparse
import atexit
import json
import os
import random
import secrets
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ideas_generate as gen  # noqa: E402
import ideas_load as serve  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cocreate_bench_vote"
TARGET_RPS = 300
PROJECTS = 150
CODES = 40_000


def build(seed: int) -> tuple[int, list[int], list[str]]:
    """The challenge, its vote and the codes; returns (decision id, project ids, plain codes)."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from cocreate.accounts.actions import user_create
    from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
    from cocreate.decisions import codes
    from cocreate.decisions.actions import decision_for_stage
    from cocreate.decisions.models import Budget, Project, VotingCode, VotingCodeBatch
    from cocreate.organisations.actions import department_create, organisation_create
    from cocreate.organisations.models import Organisation

    rng = random.Random(seed)
    city = organisation_create(name="Bench City", kind=Organisation.Kind.PUBLIC_BODY, is_host=True)
    department = department_create(organisation=city, name="Participation")
    admin = user_create(
        email="bench-admin@example.org", password=secrets.token_urlsafe(), display_name="Bench", is_superuser=True
    )
    challenge = challenge_create(
        actor=admin,
        organisation=city,
        department=department,
        title="Bench city budget",
        summary="Which projects should the city fund?",
        problem_statement="Residents decide.",
        template="idea_challenge",
    ).challenge
    now = timezone.now()
    challenge_set_stages(
        actor=admin,
        challenge=challenge,
        stage_specs=[StageSpec(type="vote", starts_at=now - dt.timedelta(days=1), ends_at=now + dt.timedelta(days=9))],
    )
    challenge = challenge_publish(actor=admin, challenge=challenge)
    decision = decision_for_stage(challenge.stages.get())
    decision.ballot_type, decision.min_choices, decision.max_choices = "approval", 1, 5
    decision.voters = "codes"
    decision.save()
    decision.budgets.all().delete()
    budget = Budget.objects.create(decision=decision, name="City-wide", amount=Decimal(10_000_000))
    projects = Project.objects.bulk_create(
        Project(decision=decision, budget=budget, title=f"Project {n}", cost=Decimal(rng.randint(20, 900) * 1000))
        for n in range(1, PROJECTS + 1)
    )
    batch = VotingCodeBatch.objects.create(decision=decision, size=CODES, label="bench")
    plain = [codes.new_code() for _ in range(CODES)]
    VotingCode.objects.bulk_create(
        (VotingCode(batch=batch, decision=decision, digest=codes.digest(c)) for c in plain), batch_size=5000
    )
    return decision.pk, [p.pk for p in projects], plain


def lua_ballots(path: str, per_thread: list[list[tuple[str, str]]], receipts_dir: Path) -> Path:
    """Thread t sends its own (code, body) pairs in turn, counts the answers by status and writes the receipt of
    every 201 to receipts_dir/<t>.txt (line-buffered, so nothing is left in a buffer when wrk stops)."""
    lines = ["local lists = {"]
    for items in per_thread:
        lines.append("{")
        lines.extend(f"  {{{serve.lua_string(code)}, {serve.lua_string(body)}}}," for code, body in items)
        lines.append("},")
    lines.append("}")
    lines.append(
        f"""
local counter = 0
local threads = {{}}
function setup(thread)
  thread:set("tid", counter)
  table.insert(threads, thread)
  counter = counter + 1
end
local reqs, n, i, out = nil, 0, 0, nil
ok, other = 0, 0
function init(args)
  local mine = lists[(tid % #lists) + 1]
  reqs = {{}}
  for k, r in ipairs(mine) do
    reqs[k] = wrk.format("POST", {serve.lua_string(path)}, {{
      ["X-Voting-Code"] = r[1], ["Content-Type"] = "application/json"}}, r[2])
  end
  n = #reqs
  out = io.open("{receipts_dir}/" .. tid .. ".txt", "w")
  out:setvbuf("line")
end
function request()
  i = i + 1
  return reqs[((i - 1) % n) + 1]
end
function response(status, headers, body)
  if status == 201 then
    ok = ok + 1
    out:write(string.match(body, '"receipt": ?"([0-9a-f-]+)"') or "?", "\\n")
  else
    other = other + 1
  end
end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    io.write("THREAD ", t:get("tid"), " ok ", t:get("ok"), " other ", t:get("other"), "\\n")
  end
end
"""
    )
    script = serve.TMP / "ballots.lua"
    script.write_text("\n".join(lines))
    return script


def queries_per_cast(decision_id: int, project_ids: list[int], codes: list[str]) -> list[str]:
    """The SQL of a cast in its steady state: the second in this process (the first also reads the ballot paper)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=serve.HOST)
    body = json.dumps({"ballots": [{"budget": budget_id(decision_id), "choices": project_ids[:3]}]})
    path = f"/api/v1/decisions/{decision_id}/ballot"
    for code in codes:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(path, body, content_type="application/json", headers={"X-Voting-Code": code})
        assert response.status_code == 201, response.content
    return [q["sql"] for q in captured.captured_queries]


def budget_id(decision_id: int) -> int:
    from cocreate.decisions.models import Budget

    return Budget.objects.filter(decision_id=decision_id).values_list("pk", flat=True).get()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="2", help="granian worker counts, e.g. 2,3")
    parser.add_argument("--blocking-threads", type=int, default=4, help="as docs/deploy.md recommends")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--verbose", action="store_true", help="print wrk's own output")
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
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
    t = time.perf_counter()
    decision_id, project_ids, plain = build(args.seed)
    print(f"A vote with {PROJECTS} projects and {CODES:,} codes written in {time.perf_counter() - t:.1f} s.")
    serve.collectstatic(env)

    queries = queries_per_cast(decision_id, project_ids, [plain.pop(), plain.pop()])
    rng = random.Random(args.seed)
    budget = budget_id(decision_id)
    per_thread: list[list[tuple[str, str]]] = [[] for _ in range(args.threads)]
    for n, code in enumerate(plain):
        chosen = rng.sample(project_ids, rng.randint(1, 5))
        body = json.dumps({"ballots": [{"budget": budget, "choices": chosen}]}, separators=(",", ":"))
        per_thread[n % args.threads].append((code, body))

    from cocreate.decisions.models import Ballot

    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before the run (other processes on "
        "this machine lower the figures; 'app CPU' is granian's own CPU time per request)"
    )
    for workers in [int(w) for w in args.workers.split(",") if w]:
        receipts_dir = serve.TMP / f"receipts-{workers}"
        receipts_dir.mkdir()
        script = lua_ballots(f"/api/v1/decisions/{decision_id}/ballot", per_thread, receipts_dir)
        Ballot.objects.filter(decision_id=decision_id).delete()
        from cocreate.decisions.models import VotingCode

        VotingCode.objects.filter(decision_id=decision_id).update(used_at=None)
        print(f"\n== granian --interface wsgi --workers {workers} --blocking-threads {args.blocking_threads}")
        serve.start_server(workers, env, args.blocking_threads)
        cpu_before = serve.server_cpu_seconds()
        load_before = os.getloadavg()[0]
        result = serve.run_wrk(script, "/", args.connections, args.duration, args.threads)
        load_during = os.getloadavg()[0]
        serve.drain()
        time.sleep(1)
        cpu = serve.server_cpu_seconds() - cpu_before
        serve.stop_server()
        if args.verbose:
            print(result["raw"])
        answered = [
            line.strip() for f in sorted(receipts_dir.glob("*.txt")) for line in f.read_text().splitlines() if line
        ]
        stored = list(Ballot.objects.filter(decision_id=decision_id).values_list("receipt", flat=True))
        stored_set, answered_set = set(stored), set(answered)
        lost = answered_set - stored_set
        unanswered = len(stored_set - answered_set)
        statuses = {
            int(m.split()[1]): (int(m.split()[3]), int(m.split()[5]))
            for m in result["raw"].splitlines()
            if m.startswith("THREAD ")
        }
        ok = sum(v[0] for v in statuses.values())
        other = sum(v[1] for v in statuses.values())
        rps = ok / args.duration
        verdict = "PASS" if rps >= TARGET_RPS and not lost and unanswered <= args.connections else "MISS"
        print(
            f"ballots cast  c={args.connections}  {result['rps']:.0f} req/s (wrk), {rps:.0f} ballots/s answered 201"
            f"  p50 {result['p50']:.0f} ms  p99 {result['p99']:.0f} ms"
            f"  app CPU {1000 * cpu / max(result['requests'], 1):.1f} ms/req  load {load_before:.1f} -> "
            f"{load_during:.1f}  {verdict} (>= {TARGET_RPS}/s)"
        )
        print(
            f"stored ballots {len(stored):,}; 201 answers {ok:,} (other answers: {other}); every answered receipt "
            f"stored: {'yes' if not lost else f'NO, {len(lost)} missing'}; "
            f"stored twice: {len(stored) - len(stored_set)}"
            f"; stored but unanswered (in flight when wrk stopped, at most {args.connections}): {unanswered}"
        )
        if result["requests"] >= len(plain):
            print("WARNING: wrk used every code; raise CODES for a longer run")
    print(f"\nSQL statements of one cast (API with a code used for the first time): {len(queries)}")
    for sql in queries:
        print("  " + sql[:160])


if __name__ == "__main__":
    main()
