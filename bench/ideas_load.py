"""Load benchmark of the ideas pages, served as docs/deploy.md recommends, against bench/ideas_generate.py's data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cocreate_load .venv/bin/python bench/ideas_load.py
    … --workers 2 --duration 5 --only list_newest,support       # a subset, shorter

Starts granian (``--interface wsgi --workers N --blocking-threads 4``) on 127.0.0.1:8100 in production mode
(DEBUG=false, WhiteNoise over static files collected into a temporary directory, Redis cache, write rate limits
lifted with COCREATE_RATE_LIMITS_OFF), drives it with wrk (``-t2``, 1 and 16 connections, 10 s each, ``--latency``)
and prints requests/s, p50 and p99 per scenario with PASS/MISS against the targets. Writes (support clicks and
opinion-map votes) come from generated Lua scripts with a session cookie and CSRF token per request; afterwards each
touched idea's support_count is compared with its Support rows. Then prints the SQL queries per page, measured
in-process with Django's test Client and CaptureQueriesContext against the same database.
The server is stopped at the end, on errors and on Ctrl-C. Needs wrk (apt-get install wrk) and Redis.
"""

import argparse
import atexit
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import ideas_generate as gen  # noqa: E402

HOST, PORT = "127.0.0.1", 8100
BASE = f"http://{HOST}:{PORT}"
CSRF = "benchcsrftoken0123456789abcdefgh"  # 32 characters: a CSRF secret Django accepts as cookie and header
# Targets at 16 connections: (minimum requests/s, maximum p99 in ms or None).
TARGETS = {
    "list": (250, 200),
    "idea_anon": (250, 200),
    "idea_signed_in": (120, None),
    "support": (100, None),
}

TMP = Path(tempfile.mkdtemp(prefix="cocreate-ideas-load-"))
SERVER: subprocess.Popen | None = None


def server_env(secret_key: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=os.environ.get("DATABASE_URL", gen.DEFAULT_URL),
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"),
        COCREATE_RATE_LIMITS_OFF="true",
        COCREATE_SECOND_FACTOR_REQUIRED="false",
        COCREATE_VAR_DIR=str(TMP / "var"),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


# --- The server ------------------------------------------------------------------------------------------------------


def start_server(workers: int, env: dict, blocking_threads: int) -> None:
    global SERVER
    granian = Path(sys.executable).with_name("granian")
    cmd = [
        str(granian),
        "--interface",
        "wsgi",
        "--host",
        HOST,
        "--port",
        str(PORT),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(blocking_threads),
        "--log-level",
        "warning",
        "config.wsgi:application",
    ]
    log = open(TMP / f"granian-{workers}.log", "w")  # noqa: SIM115 (closed with the process)
    SERVER = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        if SERVER.poll() is not None:
            raise SystemExit(f"granian exited with {SERVER.returncode}; see {log.name}:\n{Path(log.name).read_text()}")
        try:
            with urllib.request.urlopen(f"{BASE}/health/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("granian did not answer /health/ within 60 s")


def stop_server() -> None:
    global SERVER
    if SERVER is not None and SERVER.poll() is None:
        os.killpg(SERVER.pid, signal.SIGTERM)  # the process group granian started: its own workers only
        try:
            SERVER.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(SERVER.pid, signal.SIGKILL)
            SERVER.wait()
    SERVER = None


def server_cpu_seconds() -> float:
    """User + system CPU of granian and its workers (its process group), from /proc."""
    if SERVER is None:
        return 0.0
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == SERVER.pid:  # pgrp
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def drain(limit: float = 60.0) -> None:
    """Wait until the server has worked off the previous scenario's backlog (wrk stops sending, granian does not
    stop working): /health/ must answer within 50 ms."""
    deadline = time.time() + limit
    while time.time() < deadline:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{BASE}/health/", timeout=limit):
                pass
        except OSError:
            pass
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.5)


def cleanup() -> None:
    stop_server()
    shutil.rmtree(TMP, ignore_errors=True)


def collectstatic(env: dict) -> None:
    """``manage.py collectstatic`` into the temporary directory, as production mode serves the files."""
    cmd = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"collectstatic failed:\n{result.stderr}")


# --- wrk -------------------------------------------------------------------------------------------------------------


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lua_requests(name: str, per_thread: list[list[tuple[str, str, dict, str]]]) -> Path:
    """A wrk script whose threads cycle through their own list of (method, path, headers, body)."""
    lines = ["local lists = {"]
    for items in per_thread:
        lines.append("{")
        for method, path, headers, body in items:
            hdrs = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items())
            body_lua = lua_string(body) if body else "nil"
            lines.append(f"  {{{lua_string(method)}, {lua_string(path)}, {{{hdrs}}}, {body_lua}}},")
        lines.append("},")
    lines.append("}")
    lines.append(
        """
local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
local reqs, n, i = nil, 0, 0
function init(args)
  local mine = lists[(tid % #lists) + 1]
  reqs = {}
  for k, r in ipairs(mine) do reqs[k] = wrk.format(r[1], r[2], r[3], r[4]) end
  n = #reqs
end
function request()
  i = i + 1
  return reqs[((i - 1) % n) + 1]
end
"""
    )
    path = TMP / f"{name}.lua"
    path.write_text("\n".join(lines))
    return path


def lua_toggles(name: str, per_thread: list[list[tuple[str, str, int]]]) -> Path:
    """Support clicks: thread t cycles through its own (path, cookie, initially_supported) pairs; on each pass over
    the list every pair flips, so every request is a real add or remove. A pair comes back only after the whole
    list (hundreds of requests), so two requests for the same pair are never in flight together."""
    lines = ["local lists = {"]
    for items in per_thread:
        lines.append("{")
        for path, cookie, state in items:
            lines.append(f"  {{{lua_string(path)}, {lua_string(cookie)}, {state}}},")
        lines.append("},")
    lines.append("}")
    lines.append(
        f"""
local counter = 0
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
local mine, n, i = nil, 0, 0
function init(args)
  mine = lists[(tid % #lists) + 1]
  n = #mine
end
function request()
  local k = i % n
  local pass = math.floor(i / n)
  i = i + 1
  local p = mine[k + 1]
  local body = ""
  if (p[3] + pass) % 2 == 1 then body = "undo=1" end
  return wrk.format("POST", p[1], {{
    ["Cookie"] = "csrftoken={CSRF}; " .. p[2],
    ["X-CSRFToken"] = "{CSRF}",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }}, body)
end
"""
    )
    path = TMP / f"{name}.lua"
    path.write_text("\n".join(lines))
    return path


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")


def warm_up(per_thread: list[list[tuple[str, str, dict, str]]]) -> None:
    """Request each page of a scenario once, as each of its visitors, so that it is measured in its steady state."""
    from concurrent.futures import ThreadPoolExecutor

    def get(request):
        method, path, headers, _ = request
        with urllib.request.urlopen(urllib.request.Request(BASE + path, headers=headers, method=method)) as response:
            response.read()

    requests = [request for thread in per_thread for request in thread]
    t = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(get, requests))
    print(f"  (warm-up: each of {len(requests)} pages requested once in {time.perf_counter() - t:.1f} s)", flush=True)


def run_wrk(script: Path, path: str, connections: int, duration: int, threads: int) -> dict:
    cmd = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(script),
        BASE + path,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 30).stdout
    result = {"rps": 0.0, "p50": float("nan"), "p99": float("nan"), "errors": 0, "requests": 0}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        result["rps"] = float(m.group(1))
    if m := re.search(r"\n\s+50%\s+(\S+)", out):
        result["p50"] = to_ms(m.group(1))
    if m := re.search(r"\n\s+99%\s+(\S+)", out):
        result["p99"] = to_ms(m.group(1))
    if m := re.search(r"(\d+) requests in", out):
        result["requests"] = int(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        result["errors"] += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        result["errors"] += sum(int(g) for g in m.groups())
    result["raw"] = out
    return result


# --- Data for the scenarios ------------------------------------------------------------------------------------------


class Data:
    def __init__(self, sessions_wanted: int):
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.sessions.backends.db import SessionStore

        from cocreate.accounts.models import User
        from cocreate.challenges.models import Challenge
        from cocreate.ideas.models import Idea
        from cocreate.opinionmaps.models import Statement

        self.challenge = Challenge.objects.filter(slug=gen.SLUG).first()
        if self.challenge is None:
            raise SystemExit("No generated data: run bench/ideas_generate.py first.")
        self.opinion = Challenge.objects.filter(slug=gen.OPINION_SLUG).first()
        self.idea_type = ContentType.objects.get_for_model(Idea)
        rng = random.Random(7)
        ids = list(Idea.objects.filter(challenge=self.challenge).values_list("pk", flat=True))
        self.ideas = rng.sample(ids, 500)  # uniform: a typical idea has ~14 comments
        self.most_discussed = (
            Idea.objects.filter(challenge=self.challenge).order_by("-comment_count").values_list("pk", flat=True)[0]
        )
        self.statements = (
            list(Statement.objects.filter(challenge=self.opinion, is_approved=True).values_list("pk", flat=True))
            if self.opinion
            else []
        )
        users = list(
            User.objects.filter(email__startswith="load", email__endswith="@example.org")
            .exclude(email="load-official@example.org")
            .order_by("pk")[:sessions_wanted]
        )
        self.sessions: list[tuple[int, str]] = []
        for user in users:
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            self.sessions.append((user.pk, store.session_key))
        store = SessionStore()  # a returning visitor without an account (e.g. who voted in a wiki survey)
        store["visited"] = True
        store.create()
        self.anon_session = store.session_key
        self.sessions_extra = [store.session_key]
        self.touched: set[int] = set()

    def drop_sessions(self) -> None:
        from django.contrib.sessions.models import Session

        Session.objects.filter(session_key__in=[key for _, key in self.sessions] + self.sessions_extra).delete()

    def support_pairs(self, threads: int, per_thread: int) -> list[list[tuple[str, str, int]]]:
        """Distinct (user, idea) pairs, with whether the user supports the idea now (the first click undoes it)."""
        from cocreate.engagement.models import Support

        rng = random.Random(time.time_ns())
        pairs: set[tuple[int, int]] = set()
        user_ids = [uid for uid, _ in self.sessions]
        while len(pairs) < threads * per_thread:
            pairs.add((rng.choice(user_ids), rng.choice(self.ideas)))
        pairs_list = list(pairs)
        supported = set(
            Support.objects.filter(
                target_type=self.idea_type, target_id__in=self.ideas, user_id__in=user_ids
            ).values_list("user_id", "target_id")
        )
        key_of = dict(self.sessions)
        out = []
        for t in range(threads):
            chunk = pairs_list[t * per_thread : (t + 1) * per_thread]
            out.append(
                [
                    (f"/engage/ideas/idea/{iid}/support/", f"sessionid={key_of[uid]}", int((uid, iid) in supported))
                    for uid, iid in chunk
                ]
            )
            self.touched.update(iid for _, iid in chunk)
        return out

    def verify_supports(self) -> tuple[int, int]:
        """(touched ideas, of which support_count differs from the Support rows)."""
        from django.db.models import Count

        from cocreate.engagement.models import Support
        from cocreate.ideas.models import Idea

        rows = dict(
            Support.objects.filter(target_type=self.idea_type, target_id__in=self.touched)
            .values("target_id")
            .annotate(n=Count("id"))
            .values_list("target_id", "n")
        )
        stored = dict(Idea.objects.filter(pk__in=self.touched).values_list("pk", "support_count"))
        wrong = [pk for pk in self.touched if stored.get(pk) != rows.get(pk, 0)]
        return len(self.touched), len(wrong)


def scenarios(data: Data, threads: int) -> list[dict]:
    slug = data.challenge.slug

    def cookie(i: int) -> dict:
        return {"Cookie": f"sessionid={data.sessions[i % len(data.sessions)][1]}"}

    def per_thread(items):
        return [items[t::threads] for t in range(threads)]

    out = []
    for sort in ("newest", "supported", "discussed", "random"):
        out.append(
            {
                "name": f"list_{sort}",
                "target": "list",
                "label": f"idea list, anonymous, sort={sort}",
                "path": f"/challenges/{slug}/ideas/?sort={sort}",
                "requests": [[("GET", f"/challenges/{slug}/ideas/?sort={sort}", {}, "")]],
            }
        )
    out.append(
        {
            "name": "list_newest_returning",
            "target": "list",
            "label": "idea list, anonymous with a session cookie, newest",
            "path": f"/challenges/{slug}/ideas/?sort=newest",
            "anon_session": data.anon_session,
            "requests": [
                [
                    (
                        "GET",
                        f"/challenges/{slug}/ideas/?sort=newest",
                        {"Cookie": f"sessionid={data.anon_session}; cocreate_shuffle=3"},
                        "",
                    )
                ]
            ],
        }
    )
    out.append(
        {
            "name": "idea_anon",
            "target": "idea_anon",
            "label": "idea page, anonymous (500 ideas, ~14 comments)",
            "path": f"/ideas/{data.ideas[0]}/",
            "warm": True,
            "requests": per_thread([("GET", f"/ideas/{pk}/", {}, "") for pk in data.ideas]),
        }
    )
    out.append(
        {
            "name": "idea_popular",
            "target": None,
            "label": f"idea page, anonymous, most discussed ({data.most_discussed})",
            "path": f"/ideas/{data.most_discussed}/",
            "requests": [[("GET", f"/ideas/{data.most_discussed}/", {}, "")]],
        }
    )
    out.append(
        {
            "name": "idea_signed_in",
            "target": "idea_signed_in",
            "label": "idea page, signed in (300 people), viewed before",
            "path": f"/ideas/{data.ideas[0]}/",
            "session": 0,
            "warm": True,
            "requests": per_thread([("GET", f"/ideas/{pk}/", cookie(i), "") for i, pk in enumerate(data.ideas)]),
        }
    )
    # The same pages with a query string no request repeats: nothing comes from a cache, every page is rendered.
    out.append(
        {
            "name": "idea_signed_in_cold",
            "target": None,
            "label": "idea page, signed in, rendered for each request",
            "path": f"/ideas/{data.ideas[0]}/?fresh=0",
            "session": 0,
            "requests": per_thread(
                [
                    ("GET", f"/ideas/{pk}/?fresh={round_}-{i}", cookie(i + round_), "")
                    for round_ in range(10)
                    for i, pk in enumerate(data.ideas)
                ]
            ),
        }
    )
    out.append(
        {
            "name": "idea_popular_signed_in",
            "target": None,
            "label": "idea page, signed in, most discussed",
            "path": f"/ideas/{data.most_discussed}/",
            "session": 0,
            "requests": per_thread([("GET", f"/ideas/{data.most_discussed}/", cookie(i), "") for i in range(50)]),
        }
    )
    out.append(
        {
            "name": "support",
            "target": "support",
            "label": "support click (add/remove toggles)",
            "path": f"/engage/ideas/idea/{data.ideas[0]}/support/",
            "post": True,
        }
    )
    if data.opinion is not None and data.statements:
        path = f"/challenges/{data.opinion.slug}/opinion-map/"
        votes = []
        rng = random.Random(3)
        for i in range(600):
            headers = {
                "Cookie": f"csrftoken={CSRF}; sessionid={data.sessions[i % len(data.sessions)][1]}",
                "X-CSRFToken": CSRF,
                "Content-Type": "application/x-www-form-urlencoded",
            }
            body = f"statement={rng.choice(data.statements)}&vote={rng.choice((1, -1, 0))}"
            votes.append(("POST", path, headers, body))
        out.append(
            {
                "name": "opinion_vote",
                "target": None,
                "label": "opinion-map vote (signed in)",
                "path": path,
                "post": True,
                "requests": per_thread(votes),
            }
        )
    return out


# --- Queries per page ------------------------------------------------------------------------------------------------


def query_counts(data: Data, items: list[dict]) -> list[tuple[str, int, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = []
    for item in items:
        if item.get("post"):
            continue
        client = Client(SERVER_NAME=HOST)
        if "session" in item:
            client.cookies["sessionid"] = data.sessions[item["session"]][1]
        if "anon_session" in item:
            client.cookies["sessionid"] = item["anon_session"]
        client.get(item["path"])  # warm: content types, the session of a new visitor
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(item["path"])
        results.append((item["name"], response.status_code, len(ctx.captured_queries)))
    # A support click (add, then remove) by a signed-in person.
    client = Client(SERVER_NAME=HOST)
    client.cookies["sessionid"] = data.sessions[-1][1]
    uid = data.sessions[-1][0]
    from cocreate.engagement.models import Support

    mine = Support.objects.filter(user_id=uid, target_type=data.idea_type)
    pk = next(p for p in data.ideas if not mine.filter(target_id=p).exists())
    for label, body in (("support add", {}), ("support remove", {"undo": "1"})):
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(f"/engage/ideas/idea/{pk}/support/", body)
        results.append((label, response.status_code, len(ctx.captured_queries)))
    data.touched.add(pk)
    return results


# --- Main ------------------------------------------------------------------------------------------------------------


# The models whose tables the write scenarios change (support clicks, follows, the activity log, opinion-map votes).
WRITTEN_MODELS = (
    "ideas.Idea",
    "engagement.Support",
    "engagement.Follow",
    "activity.Activity",
    "opinionmaps.StatementVote",
    "engagement.Participant",
)


def vacuum_written_tables() -> str:
    """VACUUM ANALYZE what earlier runs wrote: where autovacuum is off (as on some benchmark machines), the dead rows
    of every earlier run would otherwise pile up and slow each run more than the last. Returns what to print."""
    from django.apps import apps
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    written_tables = [apps.get_model(label)._meta.db_table for label in WRITTEN_MODELS]
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        autovacuum = cursor.fetchone()[0]
        cursor.execute(
            "SELECT coalesce(sum(n_dead_tup), 0) FROM pg_stat_user_tables WHERE relname = ANY(%s)",
            [written_tables],
        )
        dead = cursor.fetchone()[0]
        t = time.perf_counter()
        for table in written_tables:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")
    return (
        f"VACUUM ANALYZE of the written tables ({dead:,} dead rows) in {time.perf_counter() - t:.1f} s; "
        f"autovacuum is {autovacuum} on this server"
    )


def reference_loop_ms() -> float:
    """The best of five runs of a fixed pure-Python loop: how fast this machine is at the moment. Shared machines
    change speed (the same loop has taken from 85 to 137 ms on one machine within three hours), and the figures
    with them."""
    import timeit

    return min(timeit.repeat("sum(i * i for i in range(1_000_000))", number=1, repeat=5)) * 1000


def verdict(target: str | None, rps: float, p99: float) -> str:
    if target is None:
        return ""
    min_rps, max_p99 = TARGETS[target]
    ok = rps >= min_rps and (max_p99 is None or p99 < max_p99)
    want = f"≥{min_rps}/s" + (f", p99<{max_p99} ms" if max_p99 else "")
    return f"{'PASS' if ok else 'MISS'} ({want})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="2,3", help="granian worker counts, e.g. 2,3 (empty: only count queries)")
    parser.add_argument("--blocking-threads", type=int, default=4, help="as docs/deploy.md recommends")
    parser.add_argument("--connections", default="1,16")
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario and connection count")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--no-queries", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="print wrk's own output")
    args = parser.parse_args()

    atexit.register(cleanup)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    secret_key = secrets.token_urlsafe(64)
    env = server_env(secret_key)
    os.environ.update(env)
    gen.setup_django()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")

    t = time.perf_counter()
    collectstatic(env)
    print(f"collectstatic into {TMP / 'var' / 'static'} in {time.perf_counter() - t:.1f} s")
    if vacuumed := vacuum_written_tables():
        print(vacuumed)
    data = Data(sessions_wanted=300)
    atexit.register(data.drop_sessions)
    items = scenarios(data, args.threads)
    if args.only:
        wanted = set(args.only.split(","))
        items = [i for i in items if i["name"] in wanted]
    if data.opinion is None or not data.statements:
        print("opinion-map vote: skipped (no opinion-map challenge in the data; rerun ideas_generate.py --fresh)")

    print(
        f"machine: {os.cpu_count()} cores, a reference Python loop in {reference_loop_ms():.0f} ms (lower is faster; "
        "compare runs only at similar values), "
        f"load average {os.getloadavg()[0]:.1f} before the run "
        "(other processes on this machine lower the figures; 'app CPU' is granian's own CPU time per request)"
    )
    connections = [int(c) for c in args.connections.split(",")]
    table: dict[int, list] = {}
    for workers in [int(w) for w in args.workers.split(",") if w]:
        print(f"\n== granian --interface wsgi --workers {workers} --blocking-threads {args.blocking_threads}")
        start_server(workers, env, args.blocking_threads)
        warm = lua_requests("warm", [[("GET", f"/challenges/{data.challenge.slug}/ideas/?sort=newest", {}, "")]])
        run_wrk(warm, "/", 4, 3, args.threads)
        rows = []
        for item in items:
            for conns in connections:
                if item["name"] == "support":
                    script = lua_toggles(f"support-{workers}-{conns}", data.support_pairs(args.threads, 1500))
                else:
                    script = lua_requests(item["name"], item["requests"])
                if item.get("warm") and conns == connections[0]:
                    warm_up(item["requests"])
                drain()
                cpu0 = server_cpu_seconds()
                r = run_wrk(script, item["path"], conns, args.duration, args.threads)
                cpu_ms = (server_cpu_seconds() - cpu0) * 1000 / max(r["requests"], 1)
                mark = verdict(item["target"], r["rps"], r["p99"]) if conns == max(connections) else ""
                row = (item["label"], conns, r["rps"], r["p50"], r["p99"], r["errors"], mark, cpu_ms)
                rows.append(row)
                print(
                    f"  {item['label']:<50} c={conns:<3} {r['rps']:7.1f} req/s  p50 {r['p50']:7.1f} ms  "
                    f"p99 {r['p99']:7.1f} ms  app CPU {cpu_ms:5.1f} ms/req  errors {r['errors']:<4} "
                    f"load {os.getloadavg()[0]:4.1f}  {mark}",
                    flush=True,
                )
                if args.verbose or (r["errors"] and r["requests"] and r["errors"] == r["requests"]):
                    print(r["raw"])
        stop_server()
        table[workers] = rows
        if data.touched:
            touched, wrong = data.verify_supports()
            print(
                f"  support counts: {touched} touched ideas, {wrong} whose support_count differs from its rows "
                f"-> {'EXACT' if wrong == 0 else 'WRONG'}"
            )

    if not args.no_queries:
        print("\n== SQL queries per page (Django test Client, in-process, same database; second request)")
        for name, status, count in query_counts(data, items):
            print(f"  {name:<28} HTTP {status}  {count:3d} queries")
        touched, wrong = data.verify_supports()
        print(f"  support counts after the in-process clicks: {wrong} of {touched} ideas differ")

    if len(table) > 1:
        best = max(table, key=lambda w: sum(r[2] for r in table[w] if r[1] == max(connections)))
        print(f"\nBest: {best} workers (highest total requests/s at {max(connections)} connections).")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("\ninterrupted; stopping the server")
        sys.exit(130)
