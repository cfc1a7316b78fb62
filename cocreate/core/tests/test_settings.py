"""Production mode is checked in a fresh interpreter, as a server would start it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-0123456789",
    "ALLOWED_HOSTS": "cocreate.example.org",
    "DJANGO_SETTINGS_MODULE": "config.settings",
}


def run(env_changes, *args):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update(env_changes)
    env.pop("COCREATE_TESTING", None)
    env["COCREATE_VAR_DIR"] = str(ROOT / "var" / "test-production")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run({**PRODUCTION, "SECRET_KEY": ""}, "check")
    assert result.returncode != 0
    assert "needs SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run({**PRODUCTION, "ALLOWED_HOSTS": ""}, "check")
    assert result.returncode != 0
    assert "needs ALLOWED_HOSTS" in result.stderr


def test_production_passes_the_deployment_checklist_without_warnings():
    result = run(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
