"""Redis: rate limits and the cache of list pages, shared by every worker."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings


class BackendSettings(BaseSettings):
    """Where rate limits and cached pages are kept: in Redis, at ``REDIS_URL``."""

    REDIS_URL: str = "redis://127.0.0.1:6379/0"
    CACHE_TYPE: str = "RedisCache"
    # With Redis down, rate limits fall back to per-process memory and are logged.
    RATELIMIT_SWALLOW_ERRORS: bool = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED: bool = True

    @property
    def RATELIMIT_STORAGE_URI(self) -> str:  # noqa: N802 (a Flask-Limiter setting)
        return self.REDIS_URL

    @property
    def CACHE_REDIS_URL(self) -> str:  # noqa: N802 (a Flask-Caching setting)
        return self.REDIS_URL


class TestingBackendSettings(BaseSettings):
    """What the test suite changes: its own Redis database."""

    # Unset, the suite swaps in an in-process fake Redis (tests/redis_fixtures.py).
    REDIS_URL: str = Field(
        default="redis://127.0.0.1:6379/15", validation_alias=AliasChoices("TEST_REDIS_URL")
    )
