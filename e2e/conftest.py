"""Browser tests: Chromium, driven by Playwright, against pytest-django's live server.

Every test here is marked ``e2e``. The live server runs in this process (so ``django.core.mail.outbox`` sees the
mail it sends), serves the static files through Django's staticfiles finders, and shares the in-memory SQLite test
database. The browser may talk to the live server only: any other request is aborted, so no test reaches the
internet.
"""

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.tasks import default_task_backend
from playwright.sync_api import sync_playwright

from cocreate.conftest import (  # noqa: F401  (fixtures shared with the unit tests)
    PASSWORD,
    admin_user,
    citizen,
    city,
    department,
    make_challenge_in,
    make_user,
    moderator,
    official,
    org_admin,
    other_city,
    with_second_factor,
)

E2E_DIR = Path(__file__).resolve().parent
SCREENSHOT_DIR = E2E_DIR / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
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
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items):
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


# --- The browser ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (set CHROMIUM to its path)")
    # Playwright's sync API runs an asyncio event loop in this thread, so Django would refuse database access
    # from the tests' fixtures; only while the browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _fresh_queue_and_cache():
    """Every test starts with an empty task queue and no rate-limit counts (allauth keeps them in the cache)."""
    default_task_backend.clear()
    cache.clear()
    yield
    cache.clear()


def live_context(browser, live_server, **options):
    """A browser context that reaches only the live server: any other address is refused (tests never go online)."""
    context = browser.new_context(
        base_url=live_server.url, locale="en", viewport=DESKTOP, service_workers="block", **options
    )
    allowed = urlsplit(live_server.url).netloc

    def only_the_live_server(route):
        url = urlsplit(route.request.url)
        if url.scheme in {"data", "blob", "about"} or url.netloc == allowed:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_live_server)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser, live_server):
    context = live_context(browser, live_server, accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """``new_page()`` opens a page in a browser context of its own: another person, with their own cookies."""
    contexts = []

    def open_page():
        contexts.append(live_context(browser, live_server))
        return contexts[-1].new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def no_js_page(browser, live_server):
    """A page in a browser context with JavaScript switched off."""
    context = live_context(browser, live_server, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def axe_check_no_js(browser, live_server, axe_check):
    """``axe_check`` for a page without JavaScript, where axe-core cannot run (timers never fire there).

    The page's HTML, as the server sent it, is checked in a second page that loads the same stylesheets but no
    script, so it looks exactly the same.
    """
    context = browser.new_context(base_url=live_server.url, locale="en", viewport=DESKTOP, service_workers="block")
    allowed = urlsplit(live_server.url).netloc
    shown = {}

    def serve(route):
        request = route.request
        if request.resource_type == "document" and request.url == shown.get("url"):
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=shown["html"])
        elif request.resource_type == "script" or urlsplit(request.url).netloc != allowed:
            route.abort()
        else:
            route.continue_()

    context.route("**/*", serve)
    context.set_default_timeout(TIMEOUT_MS)
    mirror = context.new_page()

    def check(page):
        page.wait_for_load_state("load")
        shown.update(url=page.url, html=page.content())
        mirror.goto(page.url)
        assert mirror.evaluate("typeof window.htmx") == "undefined"
        axe_check(mirror)

    yield check
    context.close()


# --- Helpers -------------------------------------------------------------------------------------------------------


def format_violations(violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            lines.append(f"    target: {', '.join(str(t) for t in node['target'])}")
            lines.append(f"    html:   {node['html'].strip()[:300]}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("    " + summary.replace("\n", "\n    "))
    return "\n".join(lines)


_axe = Axe()

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


def run_axe(page) -> list[dict]:
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    return _axe.run(page, options=options).response["violations"]


@pytest.fixture
def axe_check():
    """``axe_check(page)`` runs axe-core on the page as it is now and fails on any WCAG 2.x A/AA violation."""

    def check(page):
        page.wait_for_load_state("load")
        violations = run_axe(page)
        assert not violations, f"{page.url}\n{format_violations(violations)}"
        # axe accepts an aria-describedby that names at least one existing id; every id it names must exist.
        dangling = page.evaluate(BROKEN_ID_REFERENCES)
        assert not dangling, f"{page.url}\nARIA attributes name ids that do not exist: {dangling}"

    return check


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves the whole page at desktop and at phone width into e2e/screenshots/."""

    def shoot(page, name: str):
        SCREENSHOT_DIR.mkdir(exist_ok=True)
        original = page.viewport_size
        page.screenshot(path=SCREENSHOT_DIR / f"{name}-desktop.png", full_page=True)
        page.set_viewport_size(PHONE)
        page.screenshot(path=SCREENSHOT_DIR / f"{name}-phone.png", full_page=True)
        page.set_viewport_size(original)

    return shoot


def current_totp_code(secret: str) -> str:
    """The code of this moment, never one about to expire: the server accepts only the code of its own period."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


@pytest.fixture
def sign_in():
    """``sign_in(page, user)`` fills the real sign-in form; for a user with a TOTP authenticator, also the code."""

    def do_sign_in(page, user, password=PASSWORD):
        from allauth.mfa.models import Authenticator

        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(user.email)
        page.get_by_label("Password", exact=True).fill(password)
        page.locator("main form button[type=submit]:not([form])").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        page.wait_for_load_state("load")
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is not None and "/accounts/2fa/authenticate/" in page.url:
            page.get_by_label("Code", exact=True).fill(current_totp_code(totp.data["secret"]))
            page.locator("main form button[type=submit]:not([form])").click()
            page.wait_for_url(lambda url: "/accounts/2fa/authenticate/" not in url)
            page.wait_for_load_state("load")
        assert "/accounts/login/" not in page.url, f"sign-in failed, still at {page.url}"
        return page

    return do_sign_in
