"""Fault benchmark: the site under a steady stream of reads and writes while PostgreSQL and then Redis fail.

    .venv/bin/python bench/faults.py                    # about two minutes: a minute to set up, 8 s per phase
    .venv/bin/python bench/faults.py --phase-seconds 5 --pg-stop fast --keep    # keep the logs

Starts a private PostgreSQL (initdb into a temporary directory with /usr/lib/postgresql/*/bin, or PG_BIN, on a free
port; run as root, the PostgreSQL programs run as the ``postgres`` user through ``runuser``), a private
redis-server, Cocreate under granian as docs/deploy.md recommends (``--interface wsgi --workers 2
--blocking-threads 4``, DEBUG=false, static files collected into the temporary directory) and one
``manage.py db_worker``, restarted whenever it exits, as a process supervisor would. It seeds a challenge with
ideas and participants who sign in over HTTP, then sends reads (idea list, idea pages anonymous and signed in) and
writes (comments by signed-in participants, with their CSRF token) while it:

  1. leaves everything up;  2. stops PostgreSQL (``pg_ctl stop -m immediate``: a crash);  3. starts it again
  (phase 3 lasts while ``pg_ctl start -w`` waits for crash recovery);  4. leaves it up;  5. stops redis-server
  with SIGSTOP (it accepts connections and never answers);  6. kills it (its port is dead);  7. starts it again.

Prints per phase the responses by kind and status and their latencies (a request counts in the phase it started
in), what /health/ answered, and at the end the writes acknowledged (a redirect back to the idea) against the
comments stored (acknowledged but not stored: lost), and what the worker did. Everything runs on 127.0.0.1 and is
removed at the end (--keep leaves the logs), on errors and on Ctrl-C.
"""

import argparse
import atexit
import glob
import http.client
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
PASSWORD = "fault-bench-password-2024"
TMP = Path(tempfile.mkdtemp(prefix="cocreate-faults-"))
PROCESSES: dict[str, subprocess.Popen] = {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def stop_process(name: str, sig: int = signal.SIGTERM) -> None:
    process = PROCESSES.pop(name, None)
    if process is None or process.poll() is not None:
        return
    # Each process was started in a process group of its own: this signals only it and what it started.
    os.killpg(process.pid, sig)
    if sig != signal.SIGKILL:
        os.killpg(process.pid, signal.SIGCONT)  # a stopped process acts on SIGTERM only once it runs
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# --- PostgreSQL ------------------------------------------------------------------------------------------------------


class PrivatePostgres:
    """A PostgreSQL cluster of its own in the temporary directory. As root, its programs run as ``postgres``
    (PostgreSQL refuses to run as root)."""

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
        self.bin = Path(os.environ.get("PG_BIN") or (bins[-1] if bins else ""))
        if not (self.bin / "initdb").exists():
            raise SystemExit("No PostgreSQL programs: install postgresql or set PG_BIN to the directory of initdb.")
        self.dir = TMP / "pg"
        self.dir.mkdir()
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            os.chmod(TMP, 0o755)
            shutil.chown(self.dir, "postgres", "postgres")
        self.url = f"postgres://postgres@{HOST}:{self.port}/cocreate_faults"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True)

    def init(self) -> None:
        self.run("initdb", "-D", str(self.dir / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        self.start()
        self.run("createdb", "-h", HOST, "-p", str(self.port), "-U", "postgres", "cocreate_faults")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses={HOST} -k {self.dir} -c max_connections=60"
        self.run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-o", options, "-w", "start")

    def stop(self, mode: str) -> None:
        self.run("pg_ctl", "-D", str(self.dir / "data"), "-m", mode, "-w", "stop", check=False)


# --- Redis, the server, the worker -----------------------------------------------------------------------------------


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        cmd = ["redis-server", "--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"]
        PROCESSES["redis"] = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("redis-server did not start")

    def hang(self) -> None:
        os.killpg(PROCESSES["redis"].pid, signal.SIGSTOP)

    def kill(self) -> None:
        stop_process("redis", signal.SIGKILL)


def server_env(pg: PrivatePostgres, redis: PrivateRedis) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=pg.url,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        REDIS_URL=redis.url,
        COCREATE_RATE_LIMITS_OFF="true",  # one address sends every write
        COCREATE_SECOND_FACTOR_REQUIRED="false",
        COCREATE_VAR_DIR=str(TMP / "var"),
        LOG_LEVEL="ERROR",  # into granian.log in the temporary directory (--keep to read it)
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.pop("COCREATE_TESTING", None)
    return env


def start_server(env: dict, port: int) -> None:
    granian = Path(sys.executable).with_name("granian")
    cmd = [str(granian), "--interface", "wsgi", "--host", HOST, "--port", str(port), "--workers", "2"]
    cmd += ["--blocking-threads", "4", "--log-level", "warning", "config.wsgi:application"]
    log = open(TMP / "granian.log", "w")  # noqa: SIM115 (closed with the process)
    PROCESSES["granian"] = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        if PROCESSES["granian"].poll() is not None:
            raise SystemExit(f"granian exited; see {log.name}:\n{Path(log.name).read_text()[-3000:]}")
        try:
            if request(port, "GET", "/health/")[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("granian did not answer /health/ within 60 s")


class Worker:
    """``manage.py db_worker``, started again whenever it exits (as systemd's Restart=always does, after 1 s)."""

    def __init__(self, env: dict):
        self.env = env
        self.exits: list[tuple[float, int]] = []
        self.running = True
        self.log = open(TMP / "worker.log", "w")  # noqa: SIM115 (closed at exit)
        threading.Thread(target=self._supervise, daemon=True).start()

    def _supervise(self) -> None:
        while self.running:
            cmd = [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.5"]
            process = subprocess.Popen(
                cmd, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
            )
            PROCESSES["worker"] = process
            code = process.wait()
            if self.running:
                self.exits.append((time.monotonic(), code))
                time.sleep(1)

    def stop(self) -> None:
        self.running = False
        stop_process("worker")


def cleanup() -> None:
    if WORKER is not None:
        WORKER.running = False
    for name in ("worker", "granian", "redis"):
        stop_process(name)
    if PG is not None:
        PG.stop("fast")
    if KEEP:
        print(f"kept {TMP} (granian.log, worker.log, pg/log)")
    else:
        shutil.rmtree(TMP, ignore_errors=True)


PG: PrivatePostgres | None = None
WORKER: Worker | None = None
KEEP = False


# --- Data ------------------------------------------------------------------------------------------------------------


def seed(n_people: int, n_ideas: int) -> tuple[str, list[int], list[str]]:
    """A published challenge collecting ideas, its ideas, and participants who want no e-mail."""
    from django.utils import timezone

    from cocreate.accounts.actions import user_create
    from cocreate.challenges.actions import StageSpec, challenge_create, challenge_publish, challenge_set_stages
    from cocreate.engagement.models import NotificationSettings
    from cocreate.ideas.actions import idea_submit
    from cocreate.organisations.actions import department_create, organisation_create
    from cocreate.organisations.models import Organisation

    city = organisation_create(name="Fault City", kind=Organisation.Kind.PUBLIC_BODY, is_host=True)
    department = department_create(organisation=city, name="Participation")
    admin = user_create(email="admin@faults.example", password=PASSWORD, display_name="Admin", is_superuser=True)
    challenge = challenge_create(
        actor=admin,
        organisation=city,
        department=department,
        title="Where should the new benches go?",
        summary="Seeded by bench/faults.py.",
        problem_statement="People want to sit down.",
        template="idea_challenge",
        visibility="public",
    ).challenge
    now = timezone.now()
    challenge_set_stages(
        actor=admin,
        challenge=challenge,
        stage_specs=[
            StageSpec(
                type="idea_collection",
                starts_at=now - timezone.timedelta(days=1),
                ends_at=now + timezone.timedelta(days=30),
            )
        ],
    )
    challenge = challenge_publish(actor=admin, challenge=challenge)
    emails = [f"person{n}@faults.example" for n in range(n_people)]
    people = [
        user_create(email=e, password=PASSWORD, display_name=f"Person {n}", email_verified=True)
        for n, e in enumerate(emails)
    ]
    NotificationSettings.objects.bulk_create(
        NotificationSettings(user=p, email=NotificationSettings.Email.NEVER) for p in people
    )
    ideas = [
        idea_submit(
            author=people[n % len(people)], challenge=challenge, title=f"Bench {n} by the river", description="Shade."
        )
        for n in range(n_ideas)
    ]
    return challenge.slug, [i.pk for i in ideas], emails


# --- HTTP ------------------------------------------------------------------------------------------------------------


def request(port, method, path, *, cookies=None, form=None, conn=None, timeout=30.0):
    """(status, headers, set cookies); ``conn`` is a keep-alive connection to reuse (a new one when absent)."""
    own = conn is None
    conn = conn or http.client.HTTPConnection(HOST, port, timeout=timeout)
    headers = {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        set_cookies = {}
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            set_cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.msg, set_cookies
    finally:
        if own:
            conn.close()


def sign_in(port: int, email: str) -> dict:
    _, _, cookies = request(port, "GET", "/accounts/login/")
    form = {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": cookies["csrftoken"]}
    status, _, more = request(port, "POST", "/accounts/login/", cookies=cookies, form=form)
    cookies.update(more)
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"signing in {email} failed: HTTP {status}")
    return cookies


class Load:
    """Reader and writer threads; every request is recorded with the phase it started in."""

    def __init__(self, port, slug, ideas, people, readers, writers, pause):
        self.port, self.slug, self.ideas, self.people, self.pause = port, slug, ideas, people, pause
        self.phase = "setup"
        self.running = True
        self.lock = threading.Lock()
        self.records: list[tuple[str, str, object, float]] = []  # phase, kind, status, seconds
        self.acknowledged: set[str] = set()
        self.prefix = f"fault-{secrets.token_hex(4)}"
        self.sequence = iter(range(10**9))
        self.threads = [threading.Thread(target=self._read, args=(n,), daemon=True) for n in range(readers)]
        self.threads += [threading.Thread(target=self._write, args=(n,), daemon=True) for n in range(writers)]
        self.threads.append(threading.Thread(target=self._health, daemon=True))

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join(timeout=40)

    def _record(self, phase, kind, status, seconds):
        with self.lock:
            self.records.append((phase, kind, status, seconds))

    def _timed(self, conn_box, kind, method, path, **kw):
        phase, started = self.phase, time.perf_counter()
        try:
            if conn_box[0] is None:
                conn_box[0] = http.client.HTTPConnection(HOST, self.port, timeout=30)
            status, headers, _ = request(self.port, method, path, conn=conn_box[0], **kw)
        except (OSError, http.client.HTTPException) as error:
            conn_box[0].close()
            conn_box[0] = None
            status, headers = type(error).__name__, None
        self._record(phase, kind, status, time.perf_counter() - started)
        return status, headers

    def _read(self, n):
        rng, box = random.Random(n), [None]
        while self.running:
            idea = rng.choice(self.ideas)
            kind, path, cookies = rng.choice(
                (
                    ("list", f"/challenges/{self.slug}/ideas/", None),
                    ("idea", f"/ideas/{idea}/", None),
                    ("idea*", f"/ideas/{idea}/", rng.choice(self.people)),
                )
            )
            self._timed(box, kind, "GET", path, cookies=cookies)

    def _write(self, n):
        rng, box = random.Random(1000 + n), [None]
        while self.running:
            cookies = rng.choice(self.people)
            body = f"{self.prefix}-{next(self.sequence)}"
            form = {"body": body, "csrfmiddlewaretoken": cookies["csrftoken"]}
            idea = rng.choice(self.ideas)
            status, headers = self._timed(
                box, "comment*", "POST", f"/engage/ideas/idea/{idea}/comment/", cookies=cookies, form=form
            )
            if status == 302 and f"/ideas/{idea}/" in headers.get("Location", ""):
                with self.lock:
                    self.acknowledged.add(body)
            time.sleep(self.pause)

    def _health(self):
        while self.running:
            phase, started = self.phase, time.perf_counter()
            try:
                status = request(self.port, "GET", "/health/", timeout=10)[0]
            except OSError as error:
                status = type(error).__name__
            self._record(phase, "health", status, time.perf_counter() - started)
            time.sleep(0.5)


# --- Report ----------------------------------------------------------------------------------------------------------


# What the load sends: the anonymous idea list and idea pages, idea pages and comments by signed-in participants (*).
KINDS = ("list", "idea", "idea*", "comment*", "health")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def report(load: Load, phases: list[str]) -> None:
    by = defaultdict(list)
    for phase, kind, status, seconds in load.records:
        by[(phase, kind)].append((status, seconds))
    print(f"\n{'phase':<34} {'kind':<8} {'n':>5}  {'by status':<34} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    for phase in phases:
        for kind in KINDS:
            rows = by.get((phase, kind), [])
            counts = Counter(status for status, _ in rows)
            statuses = " ".join(f"{s}:{c}" for s, c in sorted(counts.items(), key=lambda i: str(i[0])))
            times = [s * 1000 for _, s in rows]
            print(
                f"{phase:<34} {kind:<8} {len(rows):>5}  {statuses:<34} "
                f"{percentile(times, 0.5):7.0f} {percentile(times, 0.99):7.0f} {max(times, default=float('nan')):7.0f}"
            )


def main() -> None:
    global PG, WORKER, KEEP
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase-seconds", type=float, default=8)
    parser.add_argument("--pg-stop", default="immediate", choices=("smart", "fast", "immediate"))
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--write-pause", type=float, default=0.05, help="seconds each writer waits between writes")
    parser.add_argument("--people", type=int, default=12)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory with the logs")
    args = parser.parse_args()
    KEEP = args.keep

    atexit.register(cleanup)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server is needed: apt-get install -y redis-server")

    t = time.perf_counter()
    PG = PrivatePostgres()
    PG.init()
    redis = PrivateRedis()
    redis.start()
    env = server_env(PG, redis)
    os.environ.update(env)
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if result.returncode:
            raise SystemExit(f"manage.py {command[0]} failed:\n{result.stderr[-3000:]}")
    import django

    django.setup()
    from django.db import connections

    slug, ideas, emails = seed(args.people, 20)
    connections.close_all()
    port = free_port()
    start_server(env, port)
    worker = WORKER = Worker(env)
    people = [sign_in(port, email) for email in emails]
    print(
        f"PostgreSQL {PG.bin.parent.name} on port {PG.port} "
        f"({'as the postgres user' if PG.as_root else 'as this user'}), redis-server on port {redis.port}, "
        f"granian --workers 2 --blocking-threads 4 on port {port}, one db_worker; {len(ideas)} ideas, "
        f"{len(people)} participants signed in over HTTP; ready in {time.perf_counter() - t:.0f} s. "
        f"Load: {args.readers} readers without pause, {args.writers} writers pausing {args.write_pause} s, "
        f"{args.phase_seconds:.0f} s per phase; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}."
    )

    load = Load(port, slug, ideas, people, args.readers, args.writers, args.write_pause)
    phases = []

    def phase(name, action=None, *, hold=True):
        """Run ``action`` and then hold the phase for --phase-seconds (or, without ``hold``, only while ``action``
        runs). A request counts in the phase it started in."""
        load.phase = name
        phases.append(name)
        started = time.perf_counter()
        if action:
            action()
        took = time.perf_counter() - started
        print(f"  {name}" + (f": {took:.1f} s" if action else ""), flush=True)
        if hold:
            time.sleep(args.phase_seconds)

    load.start()
    phase("1 all up")
    phase(f"2 PostgreSQL stopped (-m {args.pg_stop})", lambda: PG.stop(args.pg_stop))
    phase("3 PostgreSQL starting (pg_ctl -w)", PG.start, hold=False)
    phase("4 PostgreSQL back")
    phase("5 Redis hung (SIGSTOP)", redis.hang)
    phase("6 Redis killed (port dead)", redis.kill)
    phase("7 Redis started again (empty)", redis.start)
    load.stop()
    report(load, phases)

    from cocreate.engagement.models import Comment

    stored = set(Comment.objects.filter(body__startswith=load.prefix).values_list("body", flat=True))
    sent = sum(1 for _, kind, _, _ in load.records if kind == "comment*")
    lost = load.acknowledged - stored
    unacknowledged = stored - load.acknowledged
    print(
        f"\nWrites: {sent} sent, {len(load.acknowledged)} acknowledged (redirect back to the idea), "
        f"{len(stored)} stored; "
        f"acknowledged but not stored (lost): {len(lost)}; stored without an acknowledgement: {len(unacknowledged)} "
        f"-> {'ZERO LOST' if not lost else 'LOST WRITES'}"
    )

    from django_tasks_db.models import DBTaskResult

    deadline = time.time() + 30
    while time.time() < deadline and DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
        time.sleep(0.5)
    statuses = Counter(DBTaskResult.objects.values_list("status", flat=True))
    worker.stop()
    print(
        f"Worker: exited {len(worker.exits)} time(s) (exit codes {[code for _, code in worker.exits]}) and was started "
        f"again each time; tasks by status 30 s after the load: {dict(statuses)}"
    )
    if lost:
        sys.exit(1)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("\ninterrupted; stopping everything")
        sys.exit(130)
