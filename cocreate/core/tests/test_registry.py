"""What the apps register with core: home-page blocks, daily tasks and demo data, seen through the page and commands."""

import ast
import io
import re
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.apps import apps
from django.core.management import call_command
from django.tasks import default_task_backend, task

from cocreate.accounts.models import User
from cocreate.challenges.models import Challenge
from cocreate.core import registry
from cocreate.ideas.models import Idea
from cocreate.organisations.models import Organisation
from cocreate.problems.models import Problem

CORE = Path(__file__).resolve().parents[1]


def _headings(html: str) -> list[str]:
    return re.findall(r"<h2[^>]*>(.*?)</h2>", html)


@task
def count_to_three() -> int:
    return 3


@pytest.mark.django_db
def test_home_page_shows_the_registered_blocks_in_their_order(client):
    html = client.get("/").content.decode()
    assert _headings(html) == ["Something not working?", "Open now", "Four ways to take part", "Who is taking part"]


@pytest.mark.django_db
def test_home_page_orders_blocks_by_their_order_number_not_by_registration(client, monkeypatch):
    monkeypatch.setattr(registry, "home_blocks", [])
    registry.register_home_block(order=5, template_name="core/includes/home_ways_to_take_part.html")
    registry.register_home_block(
        order=1,
        template_name="organisations/includes/home_taking_part.html",
        context=lambda request: {"public_bodies": [], "partners": []},
    )
    html = client.get("/").content.decode()
    assert _headings(html) == ["Who is taking part", "Four ways to take part"]
    assert "No public body has been set up yet." in html


def test_cocreate_daily_queues_every_registered_task():
    out = io.StringIO()
    call_command("cocreate_daily", stdout=out)
    queued = [result.task.name for result in default_task_backend.results]
    assert queued == [
        "forget_old_sign_in_failures",
        "retry_erasure_notices",
        "announce_opened_stages",
        "send_daily_digests",
        "ask_whether_fixed",
        "refresh_title_word_counts",
        "expire_unconfirmed_reports",
        "close_ended_votes",
        "remind_volunteers",
        "regroup_pending_reasons",
        "ask_whether_still_used",
    ]
    assert out.getvalue().splitlines() == [
        f"Queued {result.task.name} ({result.id})." for result in default_task_backend.results
    ]


def test_cocreate_daily_queues_a_task_registered_by_another_app(monkeypatch):
    monkeypatch.setattr(registry, "daily_tasks", list(registry.daily_tasks))
    registry.register_daily_task(count_to_three)
    registry.register_daily_task(count_to_three)  # a second registration (ready() run again) queues it once
    call_command("cocreate_daily", stdout=io.StringIO())
    queued = [result.task.name for result in default_task_backend.results]
    assert queued == [
        "forget_old_sign_in_failures",
        "retry_erasure_notices",
        "announce_opened_stages",
        "send_daily_digests",
        "ask_whether_fixed",
        "refresh_title_word_counts",
        "expire_unconfirmed_reports",
        "close_ended_votes",
        "remind_volunteers",
        "regroup_pending_reasons",
        "ask_whether_still_used",
        "count_to_three",
    ]


@pytest.mark.django_db
def test_seed_demo_runs_seeders_by_order_and_shares_what_they_made(monkeypatch):
    seen = []

    def first(context):
        context.things["city"] = "Northbridge"
        context.say("first")

    def second(context):
        seen.append(context.things["city"])
        context.warn("second")

    monkeypatch.setattr(registry, "demo_seeders", [])
    registry.register_demo(order=20, seed=second)
    registry.register_demo(order=10, seed=first)
    out = io.StringIO()
    call_command("seed_demo", stdout=out, no_color=True)
    assert out.getvalue() == "first\nsecond\n"
    assert seen == ["Northbridge"]


@pytest.mark.django_db
def test_seed_demo_creates_the_demo_city_and_a_second_run_creates_nothing():
    first = io.StringIO()
    call_command("seed_demo", stdout=first, no_color=True)
    lines = first.getvalue().splitlines()
    # The demo campaign's reports are spread over the months before today, so their number depends on the date.
    assert lines[14].startswith("Created the demo adoption campaign “Online library card” with ")
    lines[14] = "Created the demo adoption campaign."
    assert lines[:16] == [
        "Created City of Northbridge.",
        "Created 7 demo challenges.",
        "Imported 12 demo measurements of an outcome indicator.",
        "Created 308 demo problems.",
        "Created 18 demo ideas.",
        "Created 2 demo designs.",
        "Created 2 feasibility reviews of a demo design.",
        "Created a finished demo test round with 8 testers' feedback.",
        "Created 311 wiki-survey votes.",
        "Created 381 opinion-map votes.",
        "Created the closed demo vote “Neighbourhood budget 2025”, counted and published.",
        "Created the demo vote “Neighbourhood budget 2026: which projects should be funded?”, open for voting.",
        "Created 3 demo implementation projects from “Neighbourhood budget 2025” (on time, late, done).",
        "Created 2 demo co-delivery tasks on “Playground for the harbour district” (2 volunteers with hours).",
        "Created the demo adoption campaign.",
        "Demo accounts (these passwords are shown only now):",
    ]
    assert [line.split()[:2] for line in lines[16:22]] == [
        ["admin", "admin@northbridge.example.org"],
        ["official", "official@northbridge.example.org"],
        ["official", "benefits@northbridge.example.org"],
        ["moderator", "moderator@northbridge.example.org"],
        ["citizen", "citizen@example.org"],
        ["citizen", "partner@cycling.example.org"],
    ]
    assert lines[22] == (
        "Officials and administrators sign in with a code from an authenticator app. Add the secret below to one, "
        "or print the code of this moment with: .venv/bin/python manage.py demo_code <e-mail address>"
    )
    secrets = dict(line.split() for line in lines[23:26])
    assert sorted(secrets) == [
        "admin@northbridge.example.org",
        "benefits@northbridge.example.org",
        "official@northbridge.example.org",
    ]
    assert lines[26:] == [
        "Forgot them? New passwords and secrets: .venv/bin/python manage.py seed_demo --reset-passwords"
    ]
    # The code demo_code prints is the one an authenticator app with the printed secret shows.
    code = io.StringIO()
    call_command("demo_code", "official@northbridge.example.org", stdout=code, stderr=io.StringIO())
    assert code.getvalue().strip() in {
        format_hotp_value(hotp_value(secrets["official@northbridge.example.org"], int(time.time()) // 30 + step))
        for step in (-1, 0)
    }
    counts = (Organisation.objects.count(), Challenge.objects.count(), Problem.objects.count(), Idea.objects.count())
    assert counts == (4, 10, 308, 18)  # with the two challenges of the demo votes and the adoption campaign's

    second = io.StringIO()
    call_command("seed_demo", stdout=second, no_color=True)
    assert second.getvalue() == (
        "Demo accounts already exist; their passwords were printed when they were created. "
        "New ones: .venv/bin/python manage.py seed_demo --reset-passwords\n"
    )
    assert (
        Organisation.objects.count(),
        Challenge.objects.count(),
        Problem.objects.count(),
        Idea.objects.count(),
    ) == counts

    third = io.StringIO()
    call_command("seed_demo", "--reset-passwords", stdout=third, no_color=True)
    shown = dict(line.split()[1:3] for line in third.getvalue().splitlines() if len(line.split()) == 3)
    assert len(shown) == 6
    new_secrets = dict(line.split() for line in third.getvalue().splitlines() if "@" in line and len(line.split()) == 2)
    assert len(new_secrets) == 3
    assert new_secrets["official@northbridge.example.org"] != secrets["official@northbridge.example.org"]
    assert User.objects.get(email="citizen@example.org").check_password(shown["citizen@example.org"])


def _imported_modules(path: Path) -> list[str]:
    package = ".".join(path.relative_to(CORE.parents[1]).with_suffix("").parts[:-1])
    names = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                names.append(f"{base}.{node.module}" if node.module else base)
            else:
                names.append(node.module)
    return names


def test_core_imports_no_domain_app():
    domain_apps = [
        config.name
        for config in apps.get_app_configs()
        if config.name.startswith("cocreate.") and config.name != "cocreate.core"
    ]
    assert "cocreate.organisations" in domain_apps
    assert "cocreate.core.registry" in _imported_modules(CORE / "views.py")  # relative imports are resolved
    offending = [
        f"{path.relative_to(CORE)}: {name}"
        for path in sorted(CORE.rglob("*.py"))
        if "tests" not in path.relative_to(CORE).parts
        for name in _imported_modules(path)
        if any(name == app or name.startswith(f"{app}.") for app in domain_apps)
    ]
    assert offending == []
