"""Redis for the suite: the server at TEST_REDIS_URL, or an in-process fake.

Without TEST_REDIS_URL, every ``redis.from_url`` (the rate limiter, the cache and
the readiness probe all call it) returns a fakeredis client with Lua support, so
the suite runs the Redis code paths with no server.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from unittest.mock import patch

import fakeredis
import pytest

FAKE_SERVER = fakeredis.FakeServer()


def fake_from_url(url: str, **options: object) -> fakeredis.FakeRedis:
    return fakeredis.FakeRedis.from_url(url, server=FAKE_SERVER, **options)


@pytest.fixture(scope="session", autouse=True)
def redis_server() -> Iterator[None]:
    """Patch in the fake before the app connects, unless a real server is given."""
    if os.environ.get("TEST_REDIS_URL"):
        yield
        return
    with patch("redis.from_url", fake_from_url):
        yield
