"""The dependency audit's fallback reads PyPI's project pages; these tests feed it pages instead of the network."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_dependencies.py"


@pytest.fixture
def audit():
    spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page(newest, vulnerabilities=()):
    return {"info": {"version": newest}, "vulnerabilities": list(vulnerabilities)}


def test_a_pin_at_the_newest_release_with_an_advisory_is_reported(audit, monkeypatch):
    pages = {
        "alpha": page("2.0", [{"id": "PYSEC-1", "fixed_in": [], "withdrawn": None}]),
        "beta": page("1.0", [{"id": "GHSA-old", "fixed_in": ["1.0"], "withdrawn": "2026-01-01"}]),
        "gamma": page("3.1"),
    }
    monkeypatch.setattr(audit, "project_page", pages.get)
    vulnerable, behind, unreachable = audit.newest_release_audit({"alpha": "2.0", "beta": "1.0", "gamma": "3.0"})
    assert vulnerable == ["alpha 2.0: PYSEC-1 (fixed in no fixed release yet)"]
    assert behind == ["gamma 3.0 (newest: 3.1)"]
    assert unreachable == []


def test_projects_pypi_does_not_answer_for_are_listed(audit, monkeypatch):
    monkeypatch.setattr(audit, "project_page", lambda name: None)
    assert audit.newest_release_audit({"alpha": "1.0"}) == ([], [], ["alpha"])


def test_every_pin_in_the_lock_is_read(audit):
    pinned = audit.pins()
    assert pinned["django"].startswith("6.1")
    assert "django-allauth" in pinned and "schemathesis" in pinned
