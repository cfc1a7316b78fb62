#!/usr/bin/env python3
"""Check the accessibility of every page a visitor can reach from the home page, signed out and as each demo role.

Run it against a running site loaded with the demo data (``make run``, or the same commands on another port):

    .venv/bin/python scripts/axe_crawl.py http://127.0.0.1:8000/

For each role (signed out, then the demo administrator, official, moderator and citizen, signed in through the real
sign-in pages) it follows the site's own links breadth-first from ``/`` in headless Chromium at 1280 px and runs
axe-core on every page, with the rules the browser tests use (WCAG 2.x A and AA), and checks that every id an ARIA
attribute names exists. It follows links, and the forms that only read (method GET: search, filters), never a form
that writes; it stays on the site, and leaves out sign-out links, static and media files, downloads and the API.
Pages of the same shape (``/ideas/12/`` and ``/ideas/13/``; numbers and slugs collapsed, query strings ignored) are
checked at most ``--per-shape`` times, and pagination links are not followed, so that the crawl stays quick.

To sign in, the script runs ``manage.py seed_demo --reset-passwords`` (new passwords and second-factor secrets for
the demo accounts; the site must read the same database as this environment, so run it with the server's environment
variables) and, for the roles with a second factor, ``manage.py demo_code <e-mail address>``. ``--signed-out-only``
needs neither.

It prints, per role, the pages checked, the pages that answered with an error and the violations by rule with the
addresses where they occur; ``--json FILE`` writes the same as JSON. Exit status: 1 when a page has a violation,
answered 500 or more or 404 (a broken link), or did not load in time; 0 otherwise.
"""

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter, deque
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 800}
# The same rules as the browser tests (e2e/conftest.py).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
ROLES = ["signed-out", "admin", "official", "moderator", "citizen"]
TIMEOUT_MS = 20_000

SKIPPED_PREFIXES = ("/static/", "/media/", "/api/", "/open311/", "/i18n/", "/admin/logout/", "/accounts/logout/")
SKIPPED_EXTENSIONS = (".pdf", ".csv", ".pb", ".json", ".ics", ".geojson", ".zip", ".xml", ".txt", ".ico", ".svg")
SKIPPED_WORDS = re.compile(r"log-?out|sign-?out|unsubscribe|/confirm|/export")
# A path segment that names one thing rather than a kind of page: a number, a slug of three words or more, or
# anything with a digit in it (tokens, dated slugs).
INSTANCE_SEGMENT = re.compile(r"\d+|(?=[^/]{6})[^/]*\d[^/]*|[\w~]+(?:-[\w~]+){2,}")

BROKEN_ID_REFERENCES = """() => {
  const broken = [];
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) broken.push(`${el.tagName.toLowerCase()}#${el.id} ${attr}=${id}`);
      }
    }
  }
  return broken;
}"""
LINKS = "els => els.filter(el => !el.hasAttribute('download')).map(el => el.href)"
# Forms that only read (method GET: search, filters, comparisons) lead to pages too: the address each one asks for as
# it stands, with the search term in its empty search boxes.
GET_FORMS = """(forms, term) => forms.map(form => {
  const data = new FormData(form);
  for (const input of form.querySelectorAll("input[type=search], input[name=q]")) {
    if (input.name && !input.value) data.set(input.name, term);
  }
  const url = new URL(form.getAttribute("action") || location.href, location.href);
  url.search = new URLSearchParams([...data].filter(([, value]) => typeof value === "string")).toString();
  return url.href;
})"""


# --- Addresses -----------------------------------------------------------------------------------------------------


def url_shape(url: str) -> str:
    """The kind of page an address names: its path with numbers and slugs collapsed, without its query string."""
    segments = urlsplit(url).path.split("/")
    return "/".join(
        "<n>" if segment.isdigit() else "<slug>" if INSTANCE_SEGMENT.fullmatch(segment) else segment
        for segment in segments
    )


def normalise(url: str) -> str:
    """The address without its fragment."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def worth_crawling(url: str, origin: str) -> bool:
    """Whether the crawl follows a link: a page on the same site that is not a file, a download, the API or a way out,
    and not another page of a paginated list."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or parts.netloc != origin:
        return False
    path = parts.path.lower()
    if path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_EXTENSIONS) or SKIPPED_WORDS.search(path):
        return False
    return not any(name == "page" for name, _value in parse_qsl(parts.query, keep_blank_values=True))


# --- Signing in ----------------------------------------------------------------------------------------------------


def manage(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603  (our own manage.py, with fixed arguments)
        [sys.executable, str(ROOT / "manage.py"), *arguments], capture_output=True, text=True, check=True, cwd=ROOT
    )


def demo_accounts() -> dict[str, tuple[str, str]]:
    """The first demo account of each role, with a new password: {role: (e-mail address, password)}."""
    accounts = {}
    for line in manage("seed_demo", "--reset-passwords").stdout.splitlines():
        match = re.fullmatch(r"\s+(admin|official|moderator|citizen)\s+(\S+@\S+)\s+(\S+)\s*", line)
        if match and match.group(1) not in accounts:
            accounts[match.group(1)] = (match.group(2), match.group(3))
    missing = [role for role in ROLES[1:] if role not in accounts]
    if missing:
        raise SystemExit(f"seed_demo --reset-passwords listed no demo account for: {', '.join(missing)}")
    return accounts


def demo_code(email: str) -> str:
    """The second-factor code of this moment, never one about to expire."""
    result = manage("demo_code", email)
    left = re.search(r"valid for (\d+)", result.stderr)
    if left and int(left.group(1)) < 4:
        time.sleep(int(left.group(1)) + 1)
        result = manage("demo_code", email)
    return result.stdout.strip()


def submit(page) -> None:
    page.locator("main form button[type=submit]:not([form])").first.click()
    page.wait_for_load_state("load")


def sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + "accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    submit(page)
    for attempt in range(2):
        if "/accounts/2fa/authenticate/" not in page.url:
            break
        if attempt:  # The code of this period was used already (a run a moment ago): wait for the next one.
            time.sleep(31 - time.time() % 30)
        page.get_by_label("Code", exact=True).fill(demo_code(email))
        submit(page)
    if "/accounts/login/" in page.url or "/accounts/2fa/" in page.url:
        raise SystemExit(f"Could not sign in as {email}: still at {page.url}")


def only_the_site(route, origin: str, *, scripts: bool) -> None:
    """Nothing but the site itself is fetched (no map tiles, no fonts from elsewhere); without scripts, the site's
    pages look as they do with JavaScript switched off (axe itself still runs, as the browser tests' mirror does)."""
    request, address = route.request, urlsplit(route.request.url)
    elsewhere = address.netloc != origin and address.scheme not in {"data", "blob", "about"}
    if elsewhere or (request.resource_type == "script" and not scripts):
        route.abort()
    else:
        route.continue_()


# --- The crawl -----------------------------------------------------------------------------------------------------


def crawl(context, base_url: str, *, per_shape: int, max_pages: int, search_term: str, axe, say) -> dict:
    """Check every page reachable from the home page; what was found, by page."""
    origin = urlsplit(base_url).netloc
    page = context.new_page()
    queue = deque([(normalise(base_url), None)])  # (address, the page that links to it)
    seen = {normalise(base_url)}
    checked: dict[str, dict] = {}
    shapes: Counter = Counter()
    errors = []
    while queue and len(checked) < max_pages:
        url, linked_from = queue.popleft()
        if shapes[url_shape(url)] >= per_shape:
            continue
        shapes[url_shape(url)] += 1
        try:
            response = page.goto(url, wait_until="load")
        except Exception as error:  # A download, a timeout, a page that never finishes: report it, go on.
            errors.append({"url": url, "linked_from": linked_from, "error": str(error).splitlines()[0]})
            continue
        final = normalise(page.url)
        if urlsplit(final).netloc != origin or final in checked:
            continue
        if final != url:
            if shapes[url_shape(final)] >= per_shape:
                continue
            shapes[url_shape(final)] += 1
        status = response.status if response else 0
        if "text/html" not in ((response.headers.get("content-type") if response else "") or ""):
            continue
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        dangling = page.evaluate(BROKEN_ID_REFERENCES)
        checked[final] = {"status": status, "violations": violations, "dangling_references": dangling}
        if status >= 400:
            errors.append({"url": final, "status": status, "linked_from": linked_from})
        found = len(violations) + len(dangling)
        say(f"  {status} {final}" + (f"  — {found} problem(s)" if found else ""))
        links = page.eval_on_selector_all("a[href]", LINKS)
        links += page.eval_on_selector_all("form:not([method]), form[method=get i]", GET_FORMS, search_term)
        for link in links:
            link = normalise(link)
            if link not in seen and worth_crawling(link, origin):
                seen.add(link)
                queue.append((link, final))
    page.close()
    return {"pages": checked, "errors": errors}


def summarise(role: str, result: dict, *, verbose: bool) -> list[str]:
    pages = result["pages"]
    lines = [f"== {role}: {len(pages)} page(s) checked"]
    by_rule: dict[str, dict] = {}
    for url, found in pages.items():
        for violation in found["violations"]:
            rule = by_rule.setdefault(violation["id"], {"help": violation["help"], "impact": violation["impact"]})
            rule.setdefault("pages", {})[url] = [
                f"{', '.join(str(t) for t in node['target'])}  {node['html'].strip()[:200]}"
                for node in violation["nodes"]
            ]
        if found["dangling_references"]:
            rule = by_rule.setdefault("dangling-aria-reference", {"help": "ARIA attributes name ids that exist"})
            rule.setdefault("pages", {})[url] = found["dangling_references"]
    for rule_id, rule in sorted(by_rule.items()):
        lines.append(f"  {rule_id} ({rule.get('impact') or 'serious'}): {rule['help']} — {len(rule['pages'])} page(s)")
        for url, nodes in rule["pages"].items():
            lines.append(f"    {url}")
            for node in nodes if verbose else nodes[:1]:
                lines.append(f"      {node}")
    for error in result["errors"]:
        what = error.get("status") or error.get("error")
        lines.append(f"  ERROR {what}: {error['url']} (linked from {error['linked_from'] or 'nowhere'})")
    if not by_rule:
        lines.append("  no violations")
    result["violations_by_rule"] = by_rule
    return lines


def failed(result: dict) -> bool:
    """Whether the role's crawl found something to fix: a violation, a server error, a broken link or a page that
    never loaded (a link that starts a download is only reported)."""
    broken = [
        error
        for error in result["errors"]
        if error.get("status", 0) >= 500 or error.get("status") == 404 or "Timeout" in error.get("error", "")
    ]
    return bool(result["violations_by_rule"] or broken)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", default="http://127.0.0.1:8100/", help="the running site's address")
    parser.add_argument("--roles", default=",".join(ROLES), help=f"comma-separated, of: {', '.join(ROLES)}")
    parser.add_argument("--signed-out-only", action="store_true", help="only the signed-out visitor's pages")
    parser.add_argument("--per-shape", type=int, default=3, help="pages checked per address shape (default 3)")
    parser.add_argument("--max-pages", type=int, default=400, help="pages checked per role at most (default 400)")
    parser.add_argument("--width", type=int, default=VIEWPORT["width"], help="window width in px (default 1280)")
    parser.add_argument("--search-term", default="school", help="what it types into search boxes (default school)")
    parser.add_argument(
        "--without-scripts", action="store_true", help="load no script of the site: the pages as without JavaScript"
    )
    parser.add_argument("--json", metavar="FILE", help="write the report as JSON to FILE")
    parser.add_argument("--chromium", default=CHROMIUM, help=f"the Chromium to drive (default {CHROMIUM})")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every page and every failing element")
    options = parser.parse_args(argv)

    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    base_url = options.url.rstrip("/") + "/"
    roles = ["signed-out"] if options.signed_out_only else [r.strip() for r in options.roles.split(",") if r.strip()]
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        parser.error(f"unknown role(s): {', '.join(unknown)}")
    accounts = demo_accounts() if set(roles) - {"signed-out"} else {}
    origin = urlsplit(base_url).netloc
    axe = Axe()
    report, exit_status, started = {}, 0, time.monotonic()

    def say(text):
        if options.verbose:
            print(text, flush=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=options.chromium, args=CHROMIUM_ARGS, headless=True)
        for role in roles:
            role_started = time.monotonic()
            viewport = {**VIEWPORT, "width": options.width}
            context = browser.new_context(locale="en", viewport=viewport, service_workers="block")
            context.route("**/*", lambda route: only_the_site(route, origin, scripts=not options.without_scripts))
            context.set_default_timeout(TIMEOUT_MS)
            say(f"== {role}")
            if role != "signed-out":
                page = context.new_page()
                sign_in(page, base_url, *accounts[role])
                page.close()
            result = crawl(
                context,
                base_url,
                per_shape=options.per_shape,
                max_pages=options.max_pages,
                search_term=options.search_term,
                axe=axe,
                say=say,
            )
            context.close()
            result["seconds"] = round(time.monotonic() - role_started, 1)
            print("\n".join(summarise(role, result, verbose=options.verbose)), flush=True)
            print(f"  ({result['seconds']} s)", flush=True)
            exit_status |= failed(result)
            report[role] = result
        browser.close()
    total = round(time.monotonic() - started, 1)
    print(
        f"{sum(len(r['pages']) for r in report.values())} page(s) checked in {total} s: "
        + ("FAILED" if exit_status else "nothing found")
    )
    if options.json:
        Path(options.json).write_text(json.dumps({"url": base_url, "seconds": total, "roles": report}, indent=2))
    return int(exit_status)


if __name__ == "__main__":
    sys.exit(main())
