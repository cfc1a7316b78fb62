"""Telling 100,000 people of one milestone: how long the change takes to queue, and how fast the worker writes and
delivers the notifications (e-mails to a local SMTP server, daily digests included).

    .venv/bin/python bench/delivery_notify.py                 # 1 worker process
    .venv/bin/python bench/delivery_notify.py --workers 2     # two db_worker processes, as docs/deploy.md allows

For issue #14 (targets: the milestone's news queued within 1 s of the change; the worker delivers at least 2,000
notifications a second, digests included). The script (re)creates the PostgreSQL database named by DATABASE_URL
(default ``cocreate_bench_notify``), migrates it and writes bench/delivery_dashboard.py's city (10,000 projects,
100,000 milestones), then, with COPY, 1,000,000 people who took part upstream of ten of the projects, 100,000 each:
for the measured project, its idea's supporters, followers and commenters, the voters who chose it on the ballot and
the volunteers of its task, overlapping so that exactly 100,000 distinct people took part; a fifth of them asked for
a daily digest and a twentieth for no e-mail at all. Then it records a milestone of that project as reached, in one
transaction, as the page does, and times it to the commit (the queued task is in the database then); starts
``manage.py db_worker`` (production settings, SMTP to a sink this script runs on 127.0.0.1) and times how long the
worker takes to write every notification, send the e-mails of those who want them immediately, and then send the
day's digests. The delivery rate counts every notification written and e-mailed or digested, over the whole time from
the change to the last digest sent.
"""

import argparse
import asyncio
import atexit
import datetime as dt
import multiprocessing
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import delivery_dashboard as city  # noqa: E402
import ideas_generate as gen  # noqa: E402
import ideas_load as serve  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cocreate_bench_notify"
PARTICIPANTS = 1_000_000
PER_PROJECT = 100_000
TARGET_QUEUED_S = 1.0
TARGET_RATE = 2_000
LANGUAGES = ("en", "de", "es")
WORKERS: list[subprocess.Popen] = []


# --- An SMTP server that accepts everything and counts the messages (hand-written: the standard library's smtpd is
# gone, and the bench should need nothing outside the lock file) -------------------------------------------------


def smtp_sink(port: int, received, ready) -> None:
    async def session(reader, writer):
        writer.write(b"220 sink\r\n")
        in_data = False
        while line := await reader.readline():
            if in_data:
                if line == b".\r\n":
                    in_data = False
                    with received.get_lock():
                        received.value += 1
                    writer.write(b"250 ok\r\n")
                continue
            verb = line[:4].upper()
            if verb == b"EHLO":
                writer.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                in_data = True
                writer.write(b"354 go on\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                writer.write(b"250 ok\r\n")
            await writer.drain()
        writer.close()

    async def serve_forever():
        server = await asyncio.start_server(session, "127.0.0.1", port)
        ready.set()
        async with server:
            await server.serve_forever()

    asyncio.run(serve_forever())


# --- The people upstream -----------------------------------------------------------------------------------------


def build_participants(seed: int) -> dict:
    """1,000,000 people who took part upstream of ten projects; returns what the measurement needs."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from cocreate.accounts.models import User
    from cocreate.activity.actions import link_create
    from cocreate.decisions.models import Ballot
    from cocreate.delivery import volunteering
    from cocreate.delivery.models import ImplementationProject, TaskSignup
    from cocreate.engagement.models import Comment, Follow, NotificationSettings, Support
    from cocreate.ideas.models import Idea

    admin = User.objects.get(email="bench-admin@example.org")  # bench/delivery_dashboard.py's administrator
    projects = list(
        ImplementationProject.objects.filter(decision_project__isnull=False).select_related("decision_project")[:10]
    )
    now = timezone.now()
    joined = now.isoformat()
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM accounts_user")
        base = cursor.fetchone()[0] + 1
        gen.copy_rows(
            cursor.connection.cursor(),
            "accounts_user",
            [
                "id",
                "password",
                "is_superuser",
                "email",
                "display_name",
                "preferred_language",
                "is_staff",
                "is_active",
                "date_joined",
                "terms_version",
            ],
            (
                f"{base + n}\t!unusable\tf\tpeople{n}@example.org\tPerson {n}\t{LANGUAGES[n % 3]}\tf\tt\t{joined}\t"
                for n in range(PARTICIPANTS)
            ),
        )
        gen.reset_sequence(cursor, "accounts_user")
    print(f"  {PARTICIPANTS:,} people in {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    ideas = []
    for k, project in enumerate(projects):
        idea = Idea.objects.create(
            author=admin,
            challenge=project.challenge,
            organisation=project.organisation,
            stage=project.stage,
            title=f"Idea behind project {k}",
            description="An idea.",
        )
        link_create(source=idea, target=project, kind="implemented_as")
        ideas.append(idea)
    idea_type = ContentType.objects.get_for_model(Idea).pk
    measured, idea0 = projects[0], ideas[0]
    ballot_project = measured.decision_project
    first = base  # the measured project's people: first .. first + 100,000
    supports = [(idea0.pk, first + n) for n in range(0, 60_000)]
    follows = [(idea0.pk, first + n) for n in range(50_000, 70_000)]
    comments = [(idea0.pk, first + n) for n in range(65_000, 70_000)]
    ballots = [first + n for n in range(70_000, 99_900)]
    volunteers = [first + n for n in range(99_900, PER_PROJECT)]
    for k, idea in enumerate(ideas[1:], start=1):  # the 900,000 others, upstream of other projects
        supports.extend((idea.pk, base + k * PER_PROJECT + n) for n in range(PER_PROJECT))
    with connection.cursor() as cursor:
        raw = cursor.connection.cursor()
        gen.copy_rows(
            raw,
            "engagement_support",
            ["target_type_id", "target_id", "user_id", "created_at"],
            (f"{idea_type}\t{i}\t{u}\t{joined}" for i, u in supports),
        )
        gen.copy_rows(
            raw,
            "engagement_follow",
            ["target_type_id", "target_id", "user_id", "created_at"],
            (f"{idea_type}\t{i}\t{u}\t{joined}" for i, u in follows),
        )
        gen.copy_rows(
            raw,
            "engagement_comment",
            ["target_type_id", "target_id", "author_id", "body", "anchor", "is_hidden", "created_at"],
            (f"{idea_type}\t{i}\t{u}\tYes.\t\tf\t{joined}" for i, u in comments),
        )
        gen.copy_rows(
            raw,
            "decisions_ballot",
            [
                "decision_id",
                "budget_id",
                "voter_key",
                "user_id",
                "channel",
                "district",
                "polling_place",
                "receipt",
                "choices",
                "created_at",
                "updated_at",
            ],
            (
                f"{ballot_project.decision_id}\t{ballot_project.budget_id}\tu{u}\t{u}\tonline\t\t\tr{u}\t"
                f"[{ballot_project.pk}]\t{joined}\t{joined}"
                for u in ballots
            ),
        )
        gen.copy_rows(
            raw,
            "engagement_notificationsettings",
            ["user_id", "email"],
            (
                f"{first + n}\t{'daily' if n % 5 == 0 else 'never'}"
                for n in range(PER_PROJECT)
                if n % 5 == 0 or n % 20 == 1
            ),
        )
    task = volunteering.task_create(
        actor=admin,
        project=measured,
        title="Planting day",
        description="Plant the trees with us.",
        starts_at=now + dt.timedelta(days=3),
        ends_at=now + dt.timedelta(days=3, hours=3),
        place="Market square",
        capacity=len(volunteers),
    )
    TaskSignup.objects.bulk_create(TaskSignup(task=task, person_id=u) for u in volunteers)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = {
        "supports": Support.objects.count(),
        "follows": Follow.objects.count(),
        "comments": Comment.objects.count(),
        "ballots": Ballot.objects.count(),
        "digest": NotificationSettings.objects.filter(email="daily").count(),
    }
    print(f"  lineage written in {time.perf_counter() - t:.1f} s: {counts}")
    return {"project": measured, "admin": admin}


# --- The measurement ---------------------------------------------------------------------------------------------


def start_workers(n: int, env: dict) -> None:
    for k in range(n):
        log = open(serve.TMP / f"worker-{k}.log", "w")  # noqa: SIM115 (closed with the process)
        WORKERS.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--queue-name",
                    "*",
                    "--interval",
                    "0.1",
                    "--no-startup-delay",
                    "--no-reload",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )


def stop_workers() -> None:
    for worker in WORKERS:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
    WORKERS.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1, help="db_worker processes")
    parser.add_argument("--smtp-port", type=int, default=8125)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--timeout", type=int, default=600)
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    atexit.register(serve.cleanup)
    atexit.register(stop_workers)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    env = serve.server_env(secrets.token_urlsafe(64))
    env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(args.smtp_port), EMAIL_USE_TLS="false")
    os.environ.update(env)
    gen.recreate_database(os.environ["DATABASE_URL"])
    gen.setup_django()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from cocreate.delivery import actions
    from cocreate.delivery.models import ImplementationProject
    from cocreate.engagement.models import Announcement, Notification

    t = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Migrated {gen.db_name(os.environ['DATABASE_URL'])} in {time.perf_counter() - t:.1f} s.")
    t = time.perf_counter()
    city.build(args.seed)
    print(f"The city's 10,000 projects and 100,000 milestones in {time.perf_counter() - t:.1f} s.")
    data = build_participants(args.seed)
    project, admin = data["project"], data["admin"]
    milestone = actions.milestone_add(
        actor=admin, project=project, title="Trees ordered", planned_on=timezone.localdate()
    )
    DBTaskResult.objects.all().delete()

    received = multiprocessing.Value("l", 0)
    ready = multiprocessing.Event()
    sink = multiprocessing.Process(target=smtp_sink, args=(args.smtp_port, received, ready), daemon=True)
    sink.start()
    ready.wait(10)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before the run")

    # A change to another project first, as a web worker that has served requests before has loaded what a first
    # request loads (URLs, translations, permissions); its announcement is left out of what the worker measures.
    other = ImplementationProject.objects.exclude(pk=project.pk).order_by("pk").first()
    warm = actions.milestone_add(actor=admin, project=other, title="Warm-up", planned_on=timezone.localdate())
    with transaction.atomic():
        actions.milestone_reach(actor=admin, milestone=warm)
    Announcement.objects.all().delete()
    DBTaskResult.objects.all().delete()

    # The change, as the page makes it: one transaction, then the commit queues the task.
    started = time.perf_counter()
    with transaction.atomic():
        actions.milestone_reach(actor=admin, milestone=milestone)
    queued_s = time.perf_counter() - started
    queued_tasks = DBTaskResult.objects.count()
    print(
        f"milestone recorded and its news queued in {queued_s * 1000:.0f} ms ({queued_tasks} task(s) in the queue) "
        f"{'PASS' if queued_s < TARGET_QUEUED_S and queued_tasks else 'MISS'} (< {TARGET_QUEUED_S:.0f} s)"
    )

    start_workers(args.workers, env)
    about = Notification.objects.filter(verb="delivery.milestone_reached", target_id=project.pk)
    deadline = time.time() + args.timeout
    emailed_at = expected = None
    while time.time() < deadline:
        time.sleep(0.25)
        # Done when the announcement's task and the e-mail tasks it queued have all run.
        if not DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists():
            emailed_at = time.perf_counter()
            expected = about.count()
            break
    if emailed_at is None:
        raise SystemExit(f"The worker did not finish within {args.timeout} s; see {serve.TMP}/worker-*.log")
    immediate_mails = received.value
    # The day's digests, as the daily task sends them.
    from cocreate.engagement.tasks import send_daily_digests

    send_daily_digests.enqueue()
    while time.time() < deadline:
        time.sleep(0.1)
        if not DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists():
            break
    digested_at = time.perf_counter()
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    stop_workers()
    digests = received.value - immediate_mails
    unsent = about.filter(emailed_at=None).count()
    total_s = digested_at - started
    rate = expected / total_s
    print(
        f"notifications written: {expected:,} (people who took part: 100,000, less those already told directly and "
        f"the official)\n"
        f"written and e-mailed to those who want e-mail at once: {emailed_at - started:.1f} s after the change, "
        f"{immediate_mails:,} e-mails\n"
        f"daily digests: {digests:,} e-mails, done {digested_at - started:.1f} s after the change; notifications not "
        f"e-mailed (people who want none): {unsent:,}; failed tasks: {failed}\n"
        f"delivery rate, digests included: {rate:,.0f} notifications/s with {args.workers} worker process(es) "
        f"{'PASS' if rate >= TARGET_RATE and not failed else 'MISS'} (>= {TARGET_RATE:,}/s)"
    )


if __name__ == "__main__":
    main()
