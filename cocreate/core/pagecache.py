"""Caches of rendered HTML: whole pages for anonymous visitors and for participants, and fragments for everyone.

A page is cached only when it is the same for every anonymous visitor: a GET for HTML, no signed-in person, no
messages waiting, not an htmx request, answered 200 without setting cookies of its own. The key is the full path,
the language and what the view names as varying (the visitor's shuffle of a random order).

Pages carry a CSRF token in their forms (the language switcher). The token is never stored: it is replaced by a
placeholder before the page goes into the cache and each visitor's own token is put back when the page is served, so
tokens never pass from one visitor to another. A page whose token cannot be found and replaced is not cached.

Participants without a role (no official, moderator or administrator) who are not the author of anything on the
page see the same page as each other, except for their own account links in the header and what the view names
as varying (whether they support the contribution). Such a page is stored once (``ForMembers``) with the account
links cut out, and each participant's own are put back when it is served. It is stored only when anonymous
visitors may see it too, never for the people it names as authors, and until the next stage change at the latest.
Every write to the contribution through the actions calls ``page_changed``, so a participant never sees their
page without their own change; other changes (an edited challenge) show within COCREATE_PAGE_CACHE_SECONDS. A
renamed or erased person calls ``people_changed``, which retires every stored page at once: pages name people
(authors, commenters) that no per-page version follows, and an erased name must not be served again.

A fragment (``cached_fragment``) is keyed by everything its rendering reads, so it is never stale and needs no
invalidation: the caller passes the data itself (texts, names, dates), and the cache only saves the rendering. Its
CSRF token is swapped for the placeholder in the same way.
"""

import hashlib
import logging
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from .cache import CacheUnavailable

CSRF_PLACEHOLDER = "__cocreate_csrf_token__"
_TOKEN_IN_FORM = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY_PREFIX = "cocreate:anonymous-page:v1:"
MEMBER_KEY_PREFIX = "cocreate:member-page:v1:"
VERSION_KEY_PREFIX = "cocreate:page-version:"
# One version for what every page shows of people (their names); ``people_changed`` moves it on.
PEOPLE_VERSION_KEY = VERSION_KEY_PREFIX + "people"
FRAGMENT_KEY_PREFIX = "cocreate:fragment:v1:"
ACCOUNT_NAV_TEMPLATE = "core/includes/account_nav.html"
_ACCOUNT_NAV = re.compile(rb"<!--cocreate:account-nav-->.*?<!--/cocreate:account-nav-->", re.S)
ACCOUNT_NAV_PLACEHOLDER = b"<!--cocreate:account-nav:placeholder-->"
FRAGMENT_SECONDS = 600
log = logging.getLogger(__name__)


def _cacheable_request(request, *, signed_in: bool = False) -> bool:
    if request.method != "GET" or getattr(request, "htmx", False):
        return False
    if request.user.is_authenticated != signed_in:
        return False
    return len(get_messages(request)) == 0


def _cache_key(request, vary: str, *, prefix: str = KEY_PREFIX) -> str:
    raw = "\n".join((request.get_host(), get_language() or "", request.get_full_path(), vary))
    return prefix + hashlib.sha256(raw.encode()).hexdigest()


def _storable(request, response) -> bytes | None:
    """The page with its CSRF token replaced by the placeholder, or None when it must not be cached."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    if response.has_header("Cache-Control") and "private" in response["Cache-Control"]:
        return None
    content = response.content
    if CSRF_PLACEHOLDER.encode() in content:
        return None  # someone wrote the placeholder itself into the page: it must stay text
    tokens = set(_TOKEN_IN_FORM.findall(content))
    if len(tokens) > 1:
        return None
    for token in tokens:
        content = content.replace(token, CSRF_PLACEHOLDER.encode())
    secret = request.META.get("CSRF_COOKIE")
    if b'name="csrfmiddlewaretoken"' in content and not tokens:
        return None
    if secret and secret.encode() in content:
        return None
    return content


@dataclass(frozen=True)
class ForMembers:
    """How participants share a page. ``vary`` gets the request and the view's URL arguments and returns the
    viewer's own state that the page shows, as a string; ``may_share(user)`` says whether the person sees the page
    as every other participant does.
    """

    vary: Callable[..., str]
    may_share: Callable[..., bool]


@dataclass(frozen=True)
class Shared:
    """Set by a view on its response as ``response.shared``: may participants share it, and with which limits."""

    except_users: frozenset  # the authors it shows: they see their own edit and withdraw buttons
    until: datetime | None = None  # the next stage change, when what participants may do changes


def version_name(model, pk) -> str:
    """The version of one contribution's page (``model`` may be the class or an instance)."""
    return f"{model._meta.label_lower}:{pk}"


def list_version_name(model, challenge_slug: str | None) -> str:
    """The version of the lists of ``model`` in a challenge (or city-wide, without one)."""
    return f"{model._meta.label_lower}:list:{challenge_slug or ''}"


def page_changed(obj, *, listed: bool = False) -> None:
    """What ``obj``'s page shows has changed: it is rendered afresh for everyone (once the change is committed).

    ``listed``: what the lists it appears in show has changed too (it was hidden, withdrawn, added or renamed).
    Counts that change often (supports, comments) leave the lists alone: they may lag by COCREATE_LIST_CACHE_SECONDS.
    """
    keys = [VERSION_KEY_PREFIX + version_name(obj, obj.pk)]
    if listed:
        challenge = getattr(obj, "challenge", None)
        keys.append(VERSION_KEY_PREFIX + list_version_name(type(obj), challenge.slug if challenge else None))
    _bump_after_commit(keys)


def pages_changed(version: str) -> None:
    """What the pages cached under ``version`` (a name of the caller's choosing) show has changed: they are rendered
    afresh for everyone once the change is committed."""
    _bump_after_commit([VERSION_KEY_PREFIX + version])


def people_changed() -> None:
    """A person's name changed or their account was erased: every shared page and list is rendered afresh (once
    the change is committed), since any of them may show the person: as an author, a commenter, in a list."""
    _bump_after_commit([PEOPLE_VERSION_KEY])


def _bump_after_commit(keys: list[str]) -> None:
    def bump():
        for key in keys:
            try:
                try:
                    cache.incr(key)
                except ValueError:  # the first change since the cache started
                    if not cache.add(key, 1, None):
                        cache.incr(key)
            except CacheUnavailable:
                pass  # Redis does not answer: the backend moves the version on once it does
            except Exception:
                log.warning("page cache unavailable", exc_info=True)

    transaction.on_commit(bump)


def _serve_from_cache(request, stored: dict, *, account_nav: bool = False) -> HttpResponse:
    content = stored["content"]
    if account_nav:
        nav = render_to_string(ACCOUNT_NAV_TEMPLATE, request=request)
        nav = f"<!--cocreate:account-nav-->{nav}<!--/cocreate:account-nav-->"
        content = content.replace(ACCOUNT_NAV_PLACEHOLDER, nav.encode())
    if CSRF_PLACEHOLDER.encode() in content:
        content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    return HttpResponse(content, content_type=stored["content_type"])


def _spread(seconds: int) -> int:
    """A time to keep an entry, a little shorter at random: pages stored together (the shuffles of one list) then
    expire apart, and are not all rendered again at the same moment."""
    return max(1, round(seconds * random.uniform(0.7, 1.0)))


def _claim_refresh(key: str) -> bool:
    """Whether this request is the one to render a stored page again (the others keep serving it meanwhile)."""
    try:
        return cache.add(f"{key}:refreshing", 1, 10)
    except Exception:
        return True


def _still_current(stored: dict) -> bool:
    return stored.get("until") is None or timezone.now() < stored["until"]


def _shared_page(view, request, args, kwargs, *, key: str, version_key: str, seconds: int, members: bool):
    """The page from the cache when nothing it shows has changed, else rendered (and stored when it may be)."""
    try:
        found = cache.get_many([version_key, PEOPLE_VERSION_KEY, key])
    except Exception:  # a cache that is down must not take the pages with it
        log.warning("page cache unavailable", exc_info=True)
        return view(request, *args, **kwargs)
    current, stored = (found.get(version_key, 0), found.get(PEOPLE_VERSION_KEY, 0)), found.get(key)
    usable = (
        stored is not None
        and stored["version"] == current
        and _still_current(stored)
        and request.user.pk not in stored["except_users"]
    )
    # Past its time, one request renders the page again while the others are served the stored one, so that pages
    # stored together are not all rendered at once (nothing has changed on them).
    if usable and (time.time() < stored["fresh_until"] or not _claim_refresh(key)):
        response = _serve_from_cache(request, stored, account_nav=members)
        setattr(response, "from_member_page_cache" if members else "from_anonymous_page_cache", True)
        return response
    response = view(request, *args, **kwargs)
    shared = getattr(response, "shared", None)
    content = _storable(request, response) if shared is not None or not members else None
    if content is None:
        return response
    if members:  # each participant's own account links are put back when the page is served
        if len(_ACCOUNT_NAV.findall(content)) != 1:
            return response
        content = _ACCOUNT_NAV.sub(ACCOUNT_NAV_PLACEHOLDER, content)
    entry = {
        "content": content,
        "content_type": response["Content-Type"],
        "version": current,
        "except_users": shared.except_users if members else frozenset(),
        "until": shared.until if shared else None,
        "fresh_until": time.time() + _spread(seconds),
    }
    try:
        cache.set(key, entry, seconds * 2)
        cache.delete(f"{key}:refreshing")
    except Exception:
        log.warning("page cache unavailable", exc_info=True)
    return response


def page_cache(*, version, vary=None, members: ForMembers | None = None, is_list: bool = False):
    """Serve this view's page from the cache: to anonymous visitors for COCREATE_PAGE_CACHE_SECONDS (a list:
    COCREATE_LIST_CACHE_SECONDS), and, with ``members``, to participants as the module's description says.

    ``version(request, *args, **kwargs)`` names what the page shows, for ``page_changed``: a page stored before
    a change is never served after it. ``vary(request)`` returns what else the page depends on for anonymous
    visitors, as a string.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            version_key = VERSION_KEY_PREFIX + version(request, *args, **kwargs)
            if (
                members is not None
                and settings.COCREATE_PAGE_CACHE_SECONDS > 0
                and _cacheable_request(request, signed_in=True)
                and members.may_share(request.user)
            ):
                key = _cache_key(request, members.vary(request, *args, **kwargs), prefix=MEMBER_KEY_PREFIX)
                seconds = settings.COCREATE_PAGE_CACHE_SECONDS
                return _shared_page(
                    view, request, args, kwargs, key=key, version_key=version_key, seconds=seconds, members=True
                )
            seconds = settings.COCREATE_LIST_CACHE_SECONDS if is_list else settings.COCREATE_PAGE_CACHE_SECONDS
            if seconds <= 0 or not _cacheable_request(request):
                return view(request, *args, **kwargs)
            key = _cache_key(request, vary(request) if vary else "")
            return _shared_page(
                view, request, args, kwargs, key=key, version_key=version_key, seconds=seconds, members=False
            )

        return wrapper

    return decorator


def cached_fragment(name: str, key_parts, render, *, csrf_token: str = "") -> str:
    """``render()``'s HTML, from the cache when the same ``key_parts`` were rendered before.

    ``key_parts`` must cover everything the fragment shows; the language and the time zone are added here.
    ``csrf_token`` is the token the fragment's forms carry for this visitor: it is never stored.
    """
    digest = hashlib.sha256()
    for part in (name, get_language() or "", timezone.get_current_timezone_name(), *key_parts):
        digest.update(str(part).encode())
        digest.update(b"\x1f")
    key = f"{FRAGMENT_KEY_PREFIX}{name}:{digest.hexdigest()}"
    try:
        stored = cache.get(key)
    except Exception:
        log.warning("fragment cache unavailable", exc_info=True)
        return render()
    if stored is not None:
        return stored.replace(CSRF_PLACEHOLDER, csrf_token) if csrf_token else stored
    html = render()
    if CSRF_PLACEHOLDER in html:
        return html  # someone wrote the placeholder itself into a comment: it must stay text
    storable = html.replace(csrf_token, CSRF_PLACEHOLDER) if csrf_token else html
    try:
        cache.set(key, storable, FRAGMENT_SECONDS)
    except Exception:
        log.warning("fragment cache unavailable", exc_info=True)
    return html
