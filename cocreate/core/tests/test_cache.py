"""The Redis cache backend: the same answers as Django's, one client per pool."""

import uuid

import pytest

from cocreate.core.cache import ResilientRedisCache

REDIS_URL = "redis://127.0.0.1:6379/9"


@pytest.fixture
def redis_cache():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    cache = ResilientRedisCache(REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.delete_many(["page", "version"])  # not clear(): that empties the whole Redis database


def test_one_client_serves_every_operation(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client("some key", write=False) is client


def test_it_answers_like_djangos_backend(redis_cache):
    assert redis_cache.get("missing") is None
    redis_cache.set("page", {"content": b"<html>", "until": None}, 30)
    assert redis_cache.get("page") == {"content": b"<html>", "until": None}
    assert redis_cache.add("version", 1, None) and not redis_cache.add("version", 5, None)
    assert redis_cache.incr("version") == 2
    assert redis_cache.get_many(["page", "version", "missing"]) == {
        "page": {"content": b"<html>", "until": None},
        "version": 2,
    }
    redis_cache.delete("page")
    assert redis_cache.get("page") is None
