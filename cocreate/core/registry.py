"""What the apps contribute to core's commands and pages: demo data, daily tasks, home-page blocks, panels on other
apps' pages, sitemaps, and how refusals look under an app's own addresses (the JSON API, Open311).

Core imports no domain app, so each app registers its part here from its ``AppConfig.ready()``; ``seed_demo``,
``cocreate_daily`` and the home page walk what was registered. (Profile lists have their own registry in
``accounts/registry.py``.)
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.tasks import Task


@dataclass
class DemoContext:
    """One run of ``seed_demo``: the things earlier seeders made, by name (``"city"``, ``"admin"``, ...), and the
    command's output."""

    say: Callable[[str], None]
    warn: Callable[[str], None]
    things: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoSeeder:
    order: int
    seed: Callable[[DemoContext], None]  # idempotent: leaves alone what exists, says what it created


@dataclass(frozen=True)
class HomeBlock:
    order: int
    template_name: str
    context: Callable[[HttpRequest], dict[str, Any]]


@dataclass(frozen=True)
class PagePanel:
    order: int
    template_name: str
    context: Callable[[HttpRequest, Any], dict[str, Any] | None]


demo_seeders: list[DemoSeeder] = []
sitemaps: dict[str, type] = {}  # section -> a django.contrib.sitemaps.Sitemap of the app's public pages
daily_tasks: list[Task] = []
home_blocks: list[HomeBlock] = []
page_panels: dict[str, list[PagePanel]] = {}  # "app_label.model" -> panels another app adds to its items' pages
# Address prefix -> respond(request, error) -> HttpResponse: a refusal there, in the app's own format.
error_formats: dict[str, Callable[[HttpRequest, Any], HttpResponse]] = {}


def register_demo(*, order: int, seed: Callable[[DemoContext], None]) -> None:
    """Seeders run from the lowest order up: organisations and people first, then challenges, problems, ideas."""
    seeder = DemoSeeder(order, seed)
    if seeder not in demo_seeders:
        demo_seeders.append(seeder)


def register_daily_task(task: Task) -> None:
    """A task without arguments that ``cocreate_daily`` queues once a day."""
    if task not in daily_tasks:
        daily_tasks.append(task)


def register_sitemap(section: str, sitemap: type) -> None:
    """The public pages of an app, listed in ``/sitemap.xml`` for search engines."""
    sitemaps[section] = sitemap


def no_context(request: HttpRequest) -> dict[str, Any]:
    return {}


def register_home_block(
    *, order: int, template_name: str, context: Callable[[HttpRequest], dict[str, Any]] = no_context
) -> None:
    """A section of the home page, shown from the lowest order down the page; ``context`` gives its template's
    variables."""
    block = HomeBlock(order, template_name, context)
    if block not in home_blocks:
        home_blocks.append(block)


def register_page_panel(
    model_label: str,
    *,
    order: int,
    template_name: str,
    context: Callable[[HttpRequest, Any], dict[str, Any] | None],
) -> None:
    """A panel another app adds to the page of each item of ``model_label`` ("delivery.implementationproject"), so
    that the page's app need not know it: the page renders ``{% page_panels item %}``; ``context(request, item)``
    gives the panel's variables, or None to leave it out for this item and person."""
    panel = PagePanel(order, template_name, context)
    panels = page_panels.setdefault(model_label.lower(), [])
    if panel not in panels:
        panels.append(panel)


def page_panels_for(model_label: str) -> list[PagePanel]:
    return sorted(page_panels.get(model_label.lower(), []), key=lambda panel: panel.order)


def registered_daily_tasks() -> list[Task]:
    return list(daily_tasks)


def demo_seeders_in_order() -> list[DemoSeeder]:
    return sorted(demo_seeders, key=lambda seeder: seeder.order)


def home_blocks_in_order() -> list[HomeBlock]:
    return sorted(home_blocks, key=lambda block: block.order)


def register_error_format(prefix: str, respond: Callable[[HttpRequest, Any], HttpResponse]) -> None:
    """How a refusal of a request to an address under ``prefix`` is written, instead of an HTML page:
    ``respond(request, error)`` with a ``CocreateError``. Domain errors, requests Django cannot read (too large, too
    many fields, not UTF-8) and refusals by core's middleware all go through ``core.http.error_response``."""
    error_formats[prefix] = respond


def error_format_for(path: str) -> Callable | None:
    for prefix in sorted(error_formats, key=len, reverse=True):
        if path.startswith(prefix):
            return error_formats[prefix]
    return None
