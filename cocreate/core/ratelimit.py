"""Limits on how often one account or one address may write (reports, comments, votes…).

Hand-written because the usual library needs a cache with atomic increments (Redis, Memcached), while a
single-machine installation has only its database: counters live in Redis when the cache is Redis, and in the
database otherwise (and while Redis does not answer), in fixed windows.
"""

import contextlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .cache import CacheUnavailable
from .errors import CocreateError


class RateLimited(CocreateError):
    code = "rate_limited"
    status = 429
    default_message = _("You have done this too often. Please wait a while and try again.")


def client_address(request) -> str:
    """The client's address. Behind a reverse proxy, set COCREATE_PROXY_COUNT to the number of proxies.

    The one answer for every limit: Cocreate's, and allauth's (sign-in, sign-up, password reset), whose adapter asks
    this (``accounts.adapter.AccountAdapter.get_client_ip``).
    """
    proxies = settings.COCREATE_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def address_key(address: str) -> str:
    """What per-address limits count: the address, or for IPv6 its /64 network (one subscriber has all of it)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return f"{ipaddress.ip_network(f'{parsed}/64', strict=False).network_address}/64"
    return str(parsed)


def _uses_database_cache() -> bool:
    return settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one use of ``key``; False when it has been used ``limit`` times in the current window."""
    if settings.COCREATE_RATE_LIMITS_OFF:
        return True
    bucket = int(time.time()) // window
    name = f"rl:{key}:{bucket}"
    if not _uses_database_cache():
        try:
            return _count_in_cache(name, window) <= limit
        except CacheUnavailable:
            pass  # Redis does not answer: counted in the database meanwhile
    return _count_in_database(name, expires=(bucket + 1) * window) <= limit


def _count_in_cache(name: str, window: int) -> int:
    cache.add(name, 0, timeout=window + 1)
    try:
        return cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=window + 1)
        return 1


def _count_in_database(name: str, *, expires: int) -> int:
    from .models import RateLimitCounter

    with transaction.atomic():
        counter, _ = RateLimitCounter.objects.get_or_create(key=name[:200], defaults={"expires": expires})
        RateLimitCounter.objects.filter(pk=counter.pk).update(count=F("count") + 1)
        count = RateLimitCounter.objects.values_list("count", flat=True).get(pk=counter.pk)
    if count == 1:
        RateLimitCounter.objects.filter(expires__lt=int(time.time())).delete()
    return count


def release(key: str, *, window: int) -> None:
    """Give back one use of ``key`` that :func:`hit` counted, when the attempt turned out not to count (a sign-in
    with the right password)."""
    if settings.COCREATE_RATE_LIMITS_OFF:
        return
    name = f"rl:{key}:{int(time.time()) // window}"
    if _uses_database_cache():
        from .models import RateLimitCounter

        RateLimitCounter.objects.filter(key=name[:200], count__gt=0).update(count=F("count") - 1)
        return
    with contextlib.suppress(ValueError):  # the window is over
        cache.decr(name)


def address_counter(request, action: str) -> str:
    """The key under which ``action`` is counted for the request's client address."""
    return f"{action}:a:{address_key(client_address(request))}"


def check(request, action: str, *, per_user: tuple[int, int], per_address: tuple[int, int]) -> None:
    """Raise :class:`RateLimited` when the person or their address has done ``action`` too often."""
    allowed = True
    if request.user.is_authenticated:
        allowed &= hit(f"{action}:u:{request.user.pk}", limit=per_user[0], window=per_user[1])
    allowed &= hit(address_counter(request, action), limit=per_address[0], window=per_address[1])
    if not allowed:
        raise RateLimited()
