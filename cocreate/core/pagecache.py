"""Short caches of rendered HTML: whole pages for anonymous visitors, and fragments for everyone.

A page is cached only when it is the same for every anonymous visitor: a GET for HTML, no signed-in person, no
messages waiting, not an htmx request, answered 200 without setting cookies of its own. The key is the full path,
the language and what the view names as varying (the visitor's shuffle of a random order).

Pages carry a CSRF token in their forms (the language switcher). The token is never stored: it is replaced by a
placeholder before the page goes into the cache and each visitor's own token is put back when the page is served, so
tokens never pass from one visitor to another. A page whose token cannot be found and replaced is not cached.

A fragment (``cached_fragment``) is keyed by everything its rendering reads, so it is never stale and needs no
invalidation: the caller passes the data itself (texts, names, dates), and the cache only saves the rendering. Its
CSRF token is swapped for the placeholder in the same way.
"""

import hashlib
import logging
import re
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

CSRF_PLACEHOLDER = "__cocreate_csrf_token__"
_TOKEN_IN_FORM = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY_PREFIX = "cocreate:anonymous-page:v1:"
FRAGMENT_KEY_PREFIX = "cocreate:fragment:v1:"
FRAGMENT_SECONDS = 600
log = logging.getLogger(__name__)


def _cacheable_request(request) -> bool:
    if request.method != "GET" or getattr(request, "htmx", False):
        return False
    if request.user.is_authenticated:
        return False
    return len(get_messages(request)) == 0


def _cache_key(request, vary: str) -> str:
    raw = "\n".join((request.get_host(), get_language() or "", request.get_full_path(), vary))
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


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


def anonymous_page_cache(vary=None):
    """Serve this view's page to anonymous visitors from the cache for COCREATE_ANONYMOUS_PAGE_CACHE_SECONDS.

    ``vary(request)`` returns what else the page depends on, as a string (called before the view).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            seconds = settings.COCREATE_ANONYMOUS_PAGE_CACHE_SECONDS
            if seconds <= 0 or not _cacheable_request(request):
                return view(request, *args, **kwargs)
            key = _cache_key(request, vary(request) if vary else "")
            try:
                stored = cache.get(key)
            except Exception:  # a cache that is down must not take the pages with it
                log.warning("anonymous page cache unavailable", exc_info=True)
                return view(request, *args, **kwargs)
            if stored is not None:
                content = stored["content"]
                if CSRF_PLACEHOLDER.encode() in content:
                    content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
                response = HttpResponse(content, content_type=stored["content_type"])
                response.from_anonymous_page_cache = True
                return response
            response = view(request, *args, **kwargs)
            content = _storable(request, response)
            if content is not None:
                try:
                    cache.set(key, {"content": content, "content_type": response["Content-Type"]}, seconds)
                except Exception:
                    log.warning("anonymous page cache unavailable", exc_info=True)
            return response

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
