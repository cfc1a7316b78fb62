#!/usr/bin/env python3
"""Audit the pinned dependencies (requirements.lock) against known vulnerabilities.

Run by `make test` (and `make audit`). It first asks pip-audit, which looks each pinned release up in PyPI's
advisory data (sourced from the Python Packaging Advisory Database) and, failing that, OSV. Where neither per-release
lookup is reachable (some networks and package-index mirrors serve only the project pages of PyPI's JSON API), it
falls back to what those pages still say: the newest release of each project and the advisories that affect it. A pin
that *is* the newest release is then fully audited; a pin behind it cannot be, and is listed with the release to move
to (`make lock` re-pins everything).

Exit status: 1 when a pinned release has a known vulnerability, or when no advisory source could be reached at all;
0 otherwise (pins behind the newest release are reported, not failed, so that an upstream release never breaks CI).
"""

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
PYPI = "https://pypi.org/pypi/{name}/json"


def pins() -> dict[str, str]:
    found = {}
    for line in LOCK.read_text().splitlines():
        match = PIN.match(line)
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def pip_audit() -> tuple[list[str], int]:
    """Vulnerabilities pip-audit found, and how many pins it could look up (0: its service is unreachable)."""
    command = [sys.executable, "-m", "pip_audit", "-r", str(LOCK), "--no-deps", "--disable-pip", "--format", "json"]
    command += ["--progress-spinner", "off"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        return [], 0
    found, looked_up = [], 0
    for dependency in report.get("dependencies", []):
        if dependency.get("skip_reason"):
            continue
        looked_up += 1
        for vulnerability in dependency.get("vulns", []):
            fixed = ", ".join(vulnerability.get("fix_versions", [])) or "no fixed release yet"
            found.append(f"{dependency['name']} {dependency['version']}: {vulnerability['id']} (fixed in {fixed})")
    return found, looked_up


def project_page(name: str) -> dict | None:
    try:
        with urllib.request.urlopen(PYPI.format(name=name), timeout=30) as response:  # noqa: S310 (fixed https URL)
            return json.load(response)
    except (urllib.error.URLError, TimeoutError, json.JSONDecodeError):
        return None


def newest_release_audit(pinned: dict[str, str]) -> tuple[list[str], list[str], list[str]]:
    """(vulnerabilities of pins that are the newest release, pins behind the newest release, unreachable projects)."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        pages = dict(zip(pinned, pool.map(project_page, pinned), strict=True))
    vulnerable, behind, unreachable = [], [], []
    for name, version in sorted(pinned.items()):
        page = pages[name]
        if page is None:
            unreachable.append(name)
            continue
        newest = page["info"]["version"]
        if version != newest:
            behind.append(f"{name} {version} (newest: {newest})")
            continue
        for vulnerability in page.get("vulnerabilities", []):
            if not vulnerability.get("withdrawn"):
                fixed = ", ".join(vulnerability.get("fixed_in", [])) or "no fixed release yet"
                vulnerable.append(f"{name} {version}: {vulnerability['id']} (fixed in {fixed})")
    return vulnerable, behind, unreachable


def main() -> int:
    pinned = pins()
    found, looked_up = pip_audit()
    if looked_up:
        print(f"pip-audit looked up {looked_up} of {len(pinned)} pinned releases.")
        for line in found:
            print(f"VULNERABLE: {line}")
        return 1 if found else 0

    print("pip-audit could not look up any pinned release here (its per-release advisory service is unreachable);")
    print("auditing against the newest release of each project instead.")
    vulnerable, behind, unreachable = newest_release_audit(pinned)
    audited = len(pinned) - len(behind) - len(unreachable)
    print(f"{audited} of {len(pinned)} pins are the newest release and were audited.")
    for line in vulnerable:
        print(f"VULNERABLE: {line}")
    if behind:
        print(f"Not audited, behind the newest release ({len(behind)}; `make lock` updates them):")
        for line in behind:
            print(f"  {line}")
    if unreachable:
        print(f"No answer from PyPI for: {', '.join(unreachable)}")
    if audited == 0:
        print("FAIL: no advisory source could be reached.", file=sys.stderr)
        return 1
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
