"""Counting uses in fixed windows, and giving one back, with counters in the cache or in the database."""

from types import SimpleNamespace

import pytest

from cocreate.core import ratelimit
from cocreate.core.models import RateLimitCounter


@pytest.fixture(params=["cache", "database"])
def counters(request, monkeypatch, db):
    monkeypatch.setattr(ratelimit, "_uses_database_cache", lambda: request.param == "database")
    # One moment for the whole test: a window that ends between two hits would start counting afresh.
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000_010.0))
    return request.param


def test_a_use_given_back_can_be_used_again(counters):
    assert [ratelimit.hit("try", limit=2, window=60) for _ in range(2)] == [True, True]
    ratelimit.release("try", window=60)
    assert ratelimit.hit("try", limit=2, window=60) is True
    assert ratelimit.hit("try", limit=2, window=60) is False
    if counters == "database":
        assert RateLimitCounter.objects.get().count == 3


def test_giving_back_what_was_never_counted_changes_nothing(counters):
    ratelimit.release("never", window=60)
    assert [ratelimit.hit("never", limit=1, window=60) for _ in range(2)] == [True, False]
