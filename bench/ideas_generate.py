"""Generate one large idea-collection challenge for the ideas load benchmark (bench/ideas_load.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cocreate_load .venv/bin/python bench/ideas_generate.py [--fresh]

Migrates, then writes with PostgreSQL COPY: 100,000 participants, 10,000 ideas, 1,000,000 supports (one per
person and idea, Zipf-skewed so that a few ideas are very popular), 200,000 comments (30 % replies), the follows the
application itself would have made (author, supporters and commenters follow an idea), and the stored counts on
every idea (support_count, comment_count, follower_count) computed from those rows. The challenge is published with
an active idea-collection stage. A second, small challenge has an active opinion-map stage with 40 statements, for
the opinion-map vote scenario. The first KNOWN_USERS participants have a known password and a verified address.

Skips the work when the challenge is already there; ``--fresh`` drops and recreates the database first.
Counts are checked against the rows at the end, and the time taken is printed.
"""

import argparse
import io
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/cocreate_load"
SLUG = "load-ideas"
OPINION_SLUG = "load-opinion-map"
N_USERS = 100_000
N_IDEAS = 10_000
N_SUPPORTS = 1_000_000
N_COMMENTS = 200_000
KNOWN_USERS = 300
KNOWN_PASSWORD = "load-test-password-2024"
SUPPORT_SKEW = 0.8  # Zipf exponent: the most supported idea gets ~37,000 supports, the least ~23
COMMENT_SKEW = 0.5  # milder: the most discussed idea gets ~1,000 comments, the median ~14
REPLY_SHARE = 0.3
N_STATEMENTS = 40
PROTECTED_DATABASES = {"test", "cocreate_bench", "postgres", "template0", "template1"}

WORDS = [
    "bike",
    "lane",
    "park",
    "bench",
    "tree",
    "shade",
    "bus",
    "stop",
    "light",
    "crossing",
    "school",
    "library",
    "playground",
    "water",
    "fountain",
    "market",
    "square",
    "garden",
    "compost",
    "bin",
    "recycling",
    "noise",
    "traffic",
    "calm",
    "street",
    "night",
    "safety",
    "ramp",
    "access",
    "wheelchair",
    "toilet",
    "public",
    "free",
    "open",
    "community",
    "centre",
    "youth",
    "elderly",
    "repair",
    "cafe",
    "solar",
    "roof",
    "green",
    "wall",
    "rain",
    "river",
    "path",
    "walk",
]


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    return url


def db_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def recreate_database(url: str) -> None:
    name = db_name(url)
    if name in PROTECTED_DATABASES or name.startswith("test_"):
        raise SystemExit(f"Refusing to drop database {name!r}.")
    parts = urlsplit(url)
    args = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432), "-U", parts.username or "postgres"]
    subprocess.run(["dropdb", *args, "--if-exists", "--force", name], check=True)
    subprocess.run(["createdb", *args, name], check=True)


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def zipf_counts(total: int, n: int, skew: float, cap: int) -> list[int]:
    weights = [1 / (rank + 1) ** skew for rank in range(n)]
    scale = total / sum(weights)
    counts = [max(1, min(cap, int(w * scale))) for w in weights]
    # Distribute the rounding remainder over the tail, one each, so the total is exact.
    diff, i = total - sum(counts), n - 1
    while diff != 0:
        step = 1 if diff > 0 else -1
        if counts[i] + step >= 1 and counts[i] + step <= cap:
            counts[i] += step
            diff -= step
        i = i - 1 if i > 0 else n - 1
    return counts


def ts(value: datetime) -> str:
    return value.isoformat()


def copy_rows(cursor, table: str, columns: list[str], lines) -> int:
    """COPY text-format rows (already tab-separated, escaped strings) in chunks of a few MB."""
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        buffer = io.StringIO()
        for line in lines:
            buffer.write(line)
            buffer.write("\n")
            count += 1
            if buffer.tell() > 4_000_000:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        if buffer.tell():
            copy.write(buffer.getvalue())
    return count


def reset_sequence(cursor, table: str) -> None:
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"
    )


def already_generated() -> bool:
    from cocreate.challenges.models import Challenge

    challenge = Challenge.objects.filter(slug=SLUG).first()
    return challenge is not None and challenge.ideas.count() >= N_IDEAS


def generate(seed: int) -> None:
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from cocreate.accounts.models import User
    from cocreate.challenges.models import Challenge, Stage
    from cocreate.ideas.models import Idea
    from cocreate.opinionmaps.models import Statement
    from cocreate.organisations.models import Department, Organisation

    rng = random.Random(seed)
    now = timezone.now().astimezone(UTC)
    t0 = time.perf_counter()

    with transaction.atomic():
        creator = User.objects.create_user(
            email="load-official@example.org", password=KNOWN_PASSWORD, display_name="Load official"
        )
        host = not Organisation.objects.filter(is_host=True).exists()
        organisation, _ = Organisation.objects.get_or_create(
            slug="load-city", defaults={"name": "Load City", "is_host": host}
        )
        department, _ = Department.objects.get_or_create(
            organisation=organisation, slug="participation", defaults={"name": "Participation"}
        )
        challenges = {}
        for slug, title, stage_type in (
            (SLUG, "How can our streets be greener?", "idea_collection"),
            (OPINION_SLUG, "What should the new square be like?", "opinion_map"),
        ):
            challenge = Challenge.objects.create(
                organisation=organisation,
                department=department,
                title=title,
                slug=slug,
                summary="A large challenge for the load benchmark.",
                problem_statement="Generated by bench/ideas_generate.py.",
                process_template="",
                created_by=creator,
                published_at=now - timedelta(days=30),
            )
            stage = Stage.objects.create(
                challenge=challenge,
                type=stage_type,
                position=0,
                starts_at=now - timedelta(days=30),
                ends_at=now + timedelta(days=365),
            )
            challenges[slug] = challenge
        Statement.objects.bulk_create(
            Statement(
                challenge=challenges[OPINION_SLUG],
                stage=stage,  # the opinion-map stage, made last
                text=f"Statement {i}: {sentence(rng, 8)}",
                is_seed=i < 5,
                is_approved=True,
            )
            for i in range(N_STATEMENTS)
        )
    challenge = challenges[SLUG]
    idea_type = ContentType.objects.get_for_model(Idea).pk
    print(f"  challenge {challenge.pk} ({SLUG}), opinion-map challenge {challenges[OPINION_SLUG].pk}")

    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # the psycopg cursor, for COPY
        cursor.execute("SET session_replication_role = replica")  # rows are consistent by construction: no FK triggers
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM accounts_user")
        user_base = cursor.fetchone()[0] + 1
        user_ids = list(range(user_base, user_base + N_USERS))
        known_hash = make_password(KNOWN_PASSWORD)
        joined = ts(now - timedelta(days=60))

        def user_lines():
            for n, uid in enumerate(user_ids):
                password = known_hash if n < KNOWN_USERS else "!unusable"
                yield f"{uid}\t{password}\tf\tload{n}@example.org\tParticipant {n}\ten\tf\tt\t{joined}"

        t = time.perf_counter()
        copy_rows(
            cursor,
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
            ],
            user_lines(),
        )
        copy_rows(
            cursor,
            "account_emailaddress",
            ["email", "verified", '"primary"', "user_id"],
            (f"load{n}@example.org\tt\tt\t{uid}" for n, uid in enumerate(user_ids[:KNOWN_USERS])),
        )
        print(f"  users: {N_USERS:,} in {time.perf_counter() - t:.1f} s")

        # Ideas: rank 0 is the most supported (and the most discussed); ranks are shuffled over the ids.
        t = time.perf_counter()
        support_counts = zipf_counts(N_SUPPORTS, N_IDEAS, SUPPORT_SKEW, N_USERS - 1)
        comment_counts = zipf_counts(N_COMMENTS, N_IDEAS, COMMENT_SKEW, 100_000)
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM ideas_idea")
        idea_base = cursor.fetchone()[0] + 1
        idea_ids = list(range(idea_base, idea_base + N_IDEAS))
        ranked = idea_ids[:]
        rng.shuffle(ranked)
        authors = {iid: rng.choice(user_ids[KNOWN_USERS:]) for iid in idea_ids}  # known users author nothing
        supporters: dict[int, list[int]] = {}
        for rank, iid in enumerate(ranked):
            chosen = rng.sample(range(N_USERS), support_counts[rank] + 1)
            supporters[iid] = [user_ids[i] for i in chosen if user_ids[i] != authors[iid]][: support_counts[rank]]
        comment_total = {iid: comment_counts[rank] for rank, iid in enumerate(ranked)}
        print(f"  supports planned in {time.perf_counter() - t:.1f} s")

        t = time.perf_counter()
        comment_authors: dict[int, set[int]] = {iid: set() for iid in idea_ids}
        created_span = 30 * 24 * 3600

        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM engagement_comment")
        comment_base = cursor.fetchone()[0] + 1

        def comment_lines():
            cid = comment_base
            for iid in idea_ids:
                first = cid
                base = now - timedelta(days=29)
                for k in range(comment_total[iid]):
                    author = rng.choice(user_ids)
                    comment_authors[iid].add(author)
                    parent = "\\N"
                    if k > 0 and rng.random() < REPLY_SHARE:
                        parent = str(rng.randrange(first, cid))
                    created = ts(base + timedelta(seconds=k * 60 + rng.randrange(60)))
                    body = sentence(rng, rng.randrange(6, 40))
                    yield f"{cid}\t{idea_type}\t{iid}\t{body}\tf\t{created}\t{author}\t{parent}"
                    cid += 1

        copy_rows(
            cursor,
            "engagement_comment",
            ["id", "target_type_id", "target_id", "body", "is_hidden", "created_at", "author_id", "parent_id"],
            comment_lines(),
        )
        print(f"  comments: {N_COMMENTS:,} in {time.perf_counter() - t:.1f} s")

        t = time.perf_counter()
        stamp = ts(now - timedelta(days=10))

        def support_lines():
            for iid in idea_ids:
                for uid in supporters[iid]:
                    yield f"{idea_type}\t{iid}\t{uid}\t{stamp}"

        n_supports = copy_rows(
            cursor, "engagement_support", ["target_type_id", "target_id", "user_id", "created_at"], support_lines()
        )
        print(f"  supports: {n_supports:,} in {time.perf_counter() - t:.1f} s")

        t = time.perf_counter()
        followers = {iid: {authors[iid], *supporters[iid], *comment_authors[iid]} for iid in idea_ids}

        def follow_lines():
            for iid in idea_ids:
                for uid in followers[iid]:
                    yield f"{idea_type}\t{iid}\t{uid}\t{stamp}"

        n_follows = copy_rows(
            cursor, "engagement_follow", ["target_type_id", "target_id", "user_id", "created_at"], follow_lines()
        )
        print(f"  follows: {n_follows:,} in {time.perf_counter() - t:.1f} s")

        t = time.perf_counter()

        def idea_lines():
            for n, iid in enumerate(idea_ids):
                created = ts(now - timedelta(seconds=rng.randrange(created_span)))
                title = f"Idea {n}: {sentence(rng, rng.randrange(3, 9))}"[:140]
                description = "\\n\\n".join(sentence(rng, rng.randrange(20, 60)) for _ in range(rng.randrange(1, 4)))
                yield (
                    f"{iid}\tsubmitted\t{created}\t{len(supporters[iid])}\t{comment_total[iid]}\t{len(followers[iid])}"
                    f"\tf\t{created}\t{created}\t{title}\t{description}\t\t\tcollection\tf\tf"
                    f"\t{authors[iid]}\t{challenge.pk}\t{organisation.pk}"
                )

        copy_rows(
            cursor,
            "ideas_idea",
            [
                "id",
                "status",
                "status_changed_at",
                "support_count",
                "comment_count",
                "follower_count",
                "is_hidden",
                "created_at",
                "updated_at",
                "title",
                "description",
                "image",
                "image_alt",
                "origin",
                "awaiting_moderation",
                "edited_by_moderator",
                "author_id",
                "challenge_id",
                "organisation_id",
            ],
            idea_lines(),
        )
        print(f"  ideas: {N_IDEAS:,} in {time.perf_counter() - t:.1f} s")
        cursor.execute("SET session_replication_role = DEFAULT")
        for table in (
            "accounts_user",
            "account_emailaddress",
            "ideas_idea",
            "engagement_comment",
            "engagement_support",
            "engagement_follow",
        ):
            reset_sequence(cursor, table)
    # VACUUM cannot run in a transaction block; Django is in autocommit outside atomic blocks.
    t = time.perf_counter()
    with connection.cursor() as cursor:
        for table in ("accounts_user", "ideas_idea", "engagement_comment", "engagement_support", "engagement_follow"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"  vacuum analyze in {time.perf_counter() - t:.1f} s")
    print(f"Generated in {time.perf_counter() - t0:.1f} s.")


def check_counts() -> bool:
    """Every stored count equals its rows (one query per count, over the whole challenge)."""
    from django.db import connection

    ok = True
    with connection.cursor() as cursor:
        for table, field in (
            ("engagement_support", "support_count"),
            ("engagement_comment", "comment_count"),
            ("engagement_follow", "follower_count"),
        ):
            cursor.execute(
                f"""
                SELECT COUNT(*) FROM ideas_idea i
                JOIN challenges_challenge c ON c.id = i.challenge_id AND c.slug = %s
                LEFT JOIN (SELECT target_id, COUNT(*) AS n FROM {table}
                           WHERE target_type_id = (SELECT id FROM django_content_type
                                                   WHERE app_label = 'ideas' AND model = 'idea')
                           GROUP BY target_id) r ON r.target_id = i.id
                WHERE i.{field} <> COALESCE(r.n, 0)
                """,
                [SLUG],
            )
            wrong = cursor.fetchone()[0]
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            rows = cursor.fetchone()[0]
            print(f"  {field}: {rows:,} rows, ideas whose count differs: {wrong}")
            ok = ok and wrong == 0
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database first")
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()
    url = database_url()
    started = time.perf_counter()
    if args.fresh:
        recreate_database(url)
    setup_django()
    from django.core.management import call_command

    t = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Migrated {db_name(url)} in {time.perf_counter() - t:.1f} s.")
    if already_generated():
        print(f"Challenge {SLUG!r} is already generated; use --fresh to rebuild.")
    else:
        generate(args.seed)
    print("Checking stored counts against rows:")
    ok = check_counts()
    print(f"Known users: load0@example.org … load{KNOWN_USERS - 1}@example.org, password {KNOWN_PASSWORD!r}")
    print(f"Total time {time.perf_counter() - started:.1f} s. Counts {'exact' if ok else 'WRONG'}.")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
