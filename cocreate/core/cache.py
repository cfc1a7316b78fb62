"""Django's Redis cache backend, made to survive Redis being down or hung, and sharing one client per pool.

Without Redis the site only gets slower: sessions are read from the database (``cached_db``), rate limits are
counted in the database (``ratelimit``), pages and fragments are rendered for each request. For that the backend
never lets a Redis outage through as an exception, except from ``incr`` (there is no count to make up):

- Every command has a short timeout (``socket_timeout``, ``socket_connect_timeout``; ``REDIS_TIMEOUT``). A
  connection Redis closed (after a restart) is opened again once (redis-py's ``Retry``); a timeout is not retried.
- After a failure Redis is not asked again for ``REDIS_RETRY_AFTER`` seconds in this process: meanwhile reads are
  misses, writes do nothing, ``add`` answers True (as if stored, so that callers that take a lock or mark a code as
  used go on) and ``incr`` raises :class:`CacheUnavailable`. Then one request asks Redis (PING) while the others go
  on without it. A Redis that accepts connections but never answers thus costs each process one timeout per
  interval, not one per command. The warning is logged once per outage.
- A write that did not reach Redis may leave an older value there, which would be served once Redis answers again
  (the copy of a session that was signed out meanwhile, a page version that should have moved on). The process
  remembers those keys and, before it uses Redis again, deletes them (and moves counters on by what they missed).
  Another process may still read such a key in the seconds before the one that remembers it is back.

The circuit breaker is hand-written: redis-py's own belongs to its client that fails over between several
databases (``redis.multidb``, with the pybreaker package), not to one cache that may be skipped for a while.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` object for every operation, which costs about 0.06 ms of
CPU each time: more than the operation itself, and a shared page takes several. redis-py's clients are safe to share
(each command takes a connection from the pool), and the pools stay Django's, so keeping one client per pool changes
nothing else.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 0.5
DEFAULT_RETRY_AFTER_SECONDS = 10
# At most this many keys are remembered for putting right (a busy site writes a few thousand during an outage).
MAX_UNSYNCED_KEYS = 100_000
# A counter that the repair has to create again lives this long (page versions are never older than a day).
REPAIRED_COUNTER_SECONDS = 86_400


class CacheUnavailable(Exception):
    """The cache could not be reached. Raised only by ``incr``/``decr``; every other operation fails soft."""


class Breaker:
    """One process's view of one Redis: whether it may be asked, and what to put right when it answers again."""

    def __init__(self, location: str, pause: float):
        self.location = location
        self.pause = pause
        self._lock = threading.Lock()
        self._retry_at = 0.0  # 0: closed, Redis is asked
        self._probing = False
        self.stale: set[str] = set()  # keys to delete
        self.missed: dict[str, int] = {}  # counters and what they missed
        self.lost = 0  # keys that could not be remembered

    def ask(self) -> str:
        """``"go"``: use Redis; ``"probe"``: this caller checks whether it answers again; ``"skip"``: do without."""
        if not self._retry_at:
            return "go"
        with self._lock:
            if not self._retry_at:
                return "go"
            if self._probing or time.monotonic() < self._retry_at:
                return "skip"
            self._probing = True
            return "probe"

    def failed(self, error: Exception) -> None:
        with self._lock:
            first = not self._retry_at
            self._retry_at = time.monotonic() + self.pause
            self._probing = False
        if first:
            log.warning(
                "Redis at %s does not answer (%s): the site goes on without its cache, asking again every %s s",
                self.location,
                error,
                self.pause,
            )

    def answered(self) -> None:
        with self._lock:
            self._retry_at = 0.0
            self._probing = False
        log.info("Redis at %s answers again", self.location)

    def remember(self, keys=(), *, missed: tuple[str, int] | None = None) -> None:
        with self._lock:
            for key in keys:
                if len(self.stale) + len(self.missed) < MAX_UNSYNCED_KEYS:
                    self.stale.add(key)
                else:
                    self.lost += 1
            if missed is not None:
                key, delta = missed
                if key in self.missed or len(self.stale) + len(self.missed) < MAX_UNSYNCED_KEYS:
                    self.missed[key] = self.missed.get(key, 0) + delta
                else:
                    self.lost += 1

    def take_unsynced(self) -> tuple[set[str], dict[str, int], int]:
        with self._lock:
            taken = self.stale, self.missed, self.lost
            self.stale, self.missed, self.lost = set(), {}, 0
            return taken


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def breaker_for(servers: list[str], pause: float) -> Breaker:
    """The process's breaker for ``servers``; Django makes a cache object per thread, the breaker is shared."""
    location = ",".join(_without_password(url) for url in servers)  # it names Redis in the log
    with _breakers_lock:
        breaker = _breakers.get(location)
        if breaker is None:
            breaker = _breakers[location] = Breaker(location, pause)
        return breaker


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, *, breaker: Breaker, **options):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        options.setdefault("socket_timeout", DEFAULT_TIMEOUT_SECONDS)
        options.setdefault("socket_connect_timeout", options["socket_timeout"])
        options.setdefault("retry", Retry(NoBackoff(), 1, supported_errors=(redis.exceptions.ConnectionError,)))
        super().__init__(servers, **options)
        self._clients = {}
        self._breaker = breaker
        self._outage_errors = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client

    def _run(self, do, fallback, *, writes=(), missed=None):
        """``do()``, or ``fallback()`` when Redis is skipped or fails; ``writes`` are the keys ``do`` changes."""
        state = self._breaker.ask()
        if state == "skip":
            self._breaker.remember(writes, missed=missed)
            return fallback()
        try:
            if state == "probe":
                try:
                    self.get_client(write=True).ping()
                    self._put_right()
                except Exception as error:
                    self._breaker.failed(error)
                    raise
                self._breaker.answered()
            return do()
        except self._outage_errors as error:
            self._breaker.failed(error)
            self._breaker.remember(writes, missed=missed)
            return fallback()

    def _put_right(self) -> None:
        """Delete what may be stale since the outage, and move counters on by the increments they missed."""
        stale, missed, lost = self._breaker.take_unsynced()
        client = self.get_client(write=True)
        try:
            keys = list(stale)
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start : start + 1000])
            for key, delta in missed.items():
                try:
                    if client.incrby(key, delta) == delta:  # it was gone: it must not live for ever now
                        client.expire(key, REPAIRED_COUNTER_SECONDS)
                except self._lib.exceptions.ResponseError:  # not a counter (any more)
                    client.delete(key)
        except Exception:
            self._breaker.remember(stale)
            for key, delta in missed.items():
                self._breaker.remember(missed=(key, delta))
            raise
        if lost:
            log.error(
                "Redis at %s: %s keys written while it was unreachable could not be remembered; cached copies of "
                "them (sessions, pages) may be out of date until they expire",
                self._breaker.location,
                lost,
            )

    # Django's operations, each with what it stands for while Redis is skipped.

    def add(self, key, value, timeout):
        return self._run(lambda: RedisCacheClient.add(self, key, value, timeout), lambda: True, writes=[key])

    def get(self, key, default):
        return self._run(lambda: RedisCacheClient.get(self, key, default), lambda: default)

    def set(self, key, value, timeout):
        self._run(lambda: RedisCacheClient.set(self, key, value, timeout), lambda: None, writes=[key])

    def touch(self, key, timeout):
        return self._run(lambda: RedisCacheClient.touch(self, key, timeout), lambda: False, writes=[key])

    def delete(self, key):
        return self._run(lambda: RedisCacheClient.delete(self, key), lambda: False, writes=[key])

    def get_many(self, keys):
        return self._run(lambda: RedisCacheClient.get_many(self, keys), dict)

    def has_key(self, key):
        return self._run(lambda: RedisCacheClient.has_key(self, key), lambda: False)

    def incr(self, key, delta):
        def unavailable():
            raise CacheUnavailable(f"Redis at {self._breaker.location} does not answer")

        return self._run(lambda: RedisCacheClient.incr(self, key, delta), unavailable, missed=(key, delta))

    def set_many(self, data, timeout):
        self._run(lambda: RedisCacheClient.set_many(self, data, timeout), lambda: None, writes=list(data))

    def delete_many(self, keys):
        keys = list(keys)
        self._run(lambda: RedisCacheClient.delete_many(self, keys), lambda: None, writes=keys)

    def clear(self):
        return self._run(lambda: RedisCacheClient.clear(self), lambda: False)


class ResilientRedisCache(RedisCache):
    """``OPTIONS`` go to redis-py's connection pool, except ``retry_after``: the seconds Redis is left alone after
    a failure."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
        self._options = dict(self._options)
        pause = float(self._options.pop("retry_after", DEFAULT_RETRY_AFTER_SECONDS))
        self._breaker = breaker_for(self._servers, pause)

    @cached_property
    def _cache(self):
        return self._class(self._servers, breaker=self._breaker, **self._options)
