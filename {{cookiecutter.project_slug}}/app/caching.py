"""List responses cached until a write: Flask-Caching's ``memoize`` at the HTTP edge.

Every worker shares the cache: Redis (``CACHE_TYPE = "RedisCache"``), or, on
SQLite without Redis, files in the instance folder beside the database
(``"FileSystemCache"``), which every worker of the one host that serves the
database reads and writes. A write that succeeds forgets every cached list before
its response leaves: a list read after an acknowledged write never shows the state
before it. On PostgreSQL without Redis the cache is ``NullCache``, so nothing is
cached: a cache in each process's memory, or on one host's disk, would keep serving
a page that a write handled by another worker, or on another host, had changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Response, current_app, request
from flask_caching.backends import NullCache

from app.extensions import cache
from app.middleware import READ_ONLY_METHODS

if TYPE_CHECKING:
    # Flask-Caching's types of a function decorated with @cache.memoize().
    from flask_caching import _AnyMemoizedFunction, _MemoizedFunction

ListBody = dict[str, Any]

cached_lists: list[_AnyMemoizedFunction] = []


def cached_list(read: Callable[..., ListBody]) -> _MemoizedFunction[..., ListBody]:
    """Memoize ``read``, which builds the body of a list response, until a write."""
    memoized = cache.memoize(unless=nothing_is_cached)(read)
    cached_lists.append(memoized)
    return memoized


def forget_lists_after_a_write(response: Response) -> Response:
    """After a write that succeeded, forget every cached list, not only its domain's:
    deleting a row can delete or change rows of other domains (a ref's ON DELETE).

    Registered with ``after_request`` on each domain blueprint.
    """
    written = request.method not in READ_ONLY_METHODS and response.status_code < 400
    if written and not nothing_is_cached():
        for memoized in cached_lists:
            forget(memoized)
    return response


def nothing_is_cached() -> bool:
    """``NullCache`` (PostgreSQL without Redis) keeps nothing: skip the keys and
    versions of memoize (about a tenth of a list request)."""
    return isinstance(cache.cache, NullCache)


def forget(memoized: _AnyMemoizedFunction) -> None:
    """Drop every cached result of ``memoized``.

    A cache outage must not fail a write that has already been committed, so it
    is logged instead; cached entries then expire after CACHE_DEFAULT_TIMEOUT.
    """
    try:
        cache.delete_memoized(memoized)
    except Exception:
        current_app.logger.exception("Could not clear the cache of %r", memoized)
