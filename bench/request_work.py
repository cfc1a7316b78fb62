"""Work per request, counted rather than timed: Python function calls and SQL queries per page, in-process.

Timings on a shared machine drift with its speed (the load benchmark's reference loop moves between 55 and 100 ms
within minutes); the number of function calls and queries a request makes does not. Run it on two checkouts against
the same kind of data to see whether a change made a page do more:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cocreate_load .venv/bin/python bench/request_work.py

Needs bench/ideas_generate.py's data and Redis (db 6 by default, flushed first) as the page cache, as in production.
Each page is requested once to warm it, then 200 times under cProfile.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/6")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["REDIS_URL"] = args.redis
    os.environ["COCREATE_RATE_LIMITS_OFF"] = "true"
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cocreate.accounts.models import User
    from cocreate.ideas.models import Idea
    from cocreate.opinionmaps.models import Statement

    settings.ALLOWED_HOSTS = ["*"]
    cache.clear()
    n = args.requests
    person = User.objects.get(email="load12@example.org")
    ideas = list(
        Idea.objects.filter(challenge__slug="load-ideas")
        .exclude(author=person)
        .order_by("pk")
        .values_list("pk", flat=True)[:n]
    )
    statements = list(
        Statement.objects.filter(challenge__slug="load-opinion-map", is_approved=True).values_list("pk", flat=True)
    )
    visitor, member = Client(), Client()
    member.force_login(person)
    pages = {
        "idea list, anonymous": lambda i: visitor.get("/challenges/load-ideas/ideas/?sort=newest"),
        "idea page, anonymous": lambda i: visitor.get(f"/ideas/{ideas[i]}/"),
        "idea page, signed in": lambda i: member.get(f"/ideas/{ideas[i]}/"),
        "idea page, signed in, rendered for each request": lambda i: member.get(
            f"/ideas/{ideas[i]}/?n={time.time_ns()}"
        ),
        "challenge page, anonymous": lambda i: visitor.get("/challenges/load-ideas/"),
        "support click (add, then remove)": lambda i: member.post(
            f"/engage/ideas/idea/{ideas[i % (n // 2)]}/support/", {"undo": "1"} if i >= n // 2 else {}
        ),
        "opinion-map vote": lambda i: member.post(
            "/challenges/load-opinion-map/opinion-map/",
            {"statement": statements[i % len(statements)], "vote": (1, -1, 0)[i % 3]},
        ),
    }
    print(f"{'page':<50} {'calls/request':>14} {'queries/request':>16}")
    for name, request in pages.items():
        for i in range(n):
            request(i)
        profile = cProfile.Profile()
        with CaptureQueriesContext(connection) as queries:
            profile.enable()
            for i in range(n):
                request(i)
            profile.disable()
        calls = pstats.Stats(profile).total_calls / n
        print(f"{name:<50} {calls:>14,.0f} {len(queries.captured_queries) / n:>16.1f}")


if __name__ == "__main__":
    main()
