"""The staff tools under the page header: triage, moderation, back office, activity log, each with a count of what
waits for the person.

Core knows no domain app, so each app registers its tool from its ``AppConfig.ready()`` with
:func:`register_staff_tool`: who may use it, where it is, and a count that costs one query. The page frame asks
:func:`staff_tools_for` (through the ``staff_tools`` context processor) only when it shows the strip; people who
may use no tool cost nothing. Counts are kept per person for ``COCREATE_STAFF_TOOL_COUNTS_SECONDS`` (a minute by
default), so that a busy back office does not count on every page; a count may thus be that much behind.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

log = logging.getLogger(__name__)

DEFAULT_COUNTS_SECONDS = 60


@dataclass(frozen=True)
class StaffTool:
    key: str
    order: int
    label: str  # lazily translated
    url_name: str
    may_use: Callable[[object], bool]  # (user) -> bool, answered from what the request already knows
    count: Callable[[object], int]  # (user) -> what waits for the person, in one query
    describe: Callable[[int], str]  # (count) -> the count in words, for assistive technology


@dataclass(frozen=True)
class ShownTool:
    key: str
    label: str
    url: str
    count: int
    description: str
    current: bool


staff_tools: dict[str, StaffTool] = {}


def register_staff_tool(
    *,
    key: str,
    order: int,
    label,
    url_name: str,
    may_use: Callable[[object], bool],
    count: Callable[[object], int],
    describe: Callable[[int], str],
) -> None:
    """A tool in the staff strip, shown from the lowest order to the right, to those who ``may_use`` it."""
    staff_tools[key] = StaffTool(key, order, label, url_name, may_use, count, describe)


def _cache_key(user) -> str:
    return f"staff-tools:{user.pk}"


def _cached_counts(user) -> dict[str, int] | None:
    # Any cache backend (Redis, the database's cache table) may fail; the strip is then counted afresh, never lost.
    try:
        return cache.get(_cache_key(user))
    except Exception as error:
        log.warning("Staff tool counts: the cache could not be read (%s)", error)
        return None


def _keep_counts(user, counts: dict[str, int]) -> None:
    seconds = getattr(settings, "COCREATE_STAFF_TOOL_COUNTS_SECONDS", DEFAULT_COUNTS_SECONDS)
    if seconds <= 0:
        return
    try:
        cache.set(_cache_key(user), counts, seconds)
    except Exception as error:
        log.warning("Staff tool counts: the cache could not be written (%s)", error)


def forget_counts(user) -> None:
    """Count afresh on the person's next page (after they worked through what was waiting, say)."""
    try:
        cache.delete(_cache_key(user))
    except Exception as error:
        log.warning("Staff tool counts: the cache could not be emptied (%s)", error)


def staff_tools_for(user, path: str = "") -> list[ShownTool]:
    """The tools the person may use, in order, each with its count; ``path`` marks the one being used."""
    if not getattr(user, "is_authenticated", False):
        return []
    tools = [tool for tool in sorted(staff_tools.values(), key=lambda t: t.order) if tool.may_use(user)]
    if not tools:
        return []
    counts = _cached_counts(user)
    if counts is None or any(tool.key not in counts for tool in tools):
        counts = {tool.key: tool.count(user) for tool in tools}
        _keep_counts(user, counts)
    shown = []
    for tool in tools:
        url = reverse(tool.url_name)
        shown.append(
            ShownTool(
                key=tool.key,
                label=str(tool.label),
                url=url,
                count=counts[tool.key],
                description=tool.describe(counts[tool.key]),
                current=bool(path) and path.startswith(url),
            )
        )
    return shown
