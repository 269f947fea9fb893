"""Without Redis: each process keeps its own rate limits, and nothing is cached here."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class BackendSettings(BaseSettings):
    """Where rate limits and cached pages are kept: rate limits in each process's memory,
    pages nowhere."""

    # Each process keeps its own rate limits; use Redis to share them. No cache: one in
    # each process's memory would serve lists that another worker's write changed, and
    # a database that several hosts serve needs a cache that they all share (Redis).
    RATELIMIT_STORAGE_URI: str = "memory://"
    CACHE_TYPE: str = "NullCache"
    CACHE_NO_NULL_WARNING: bool = True
