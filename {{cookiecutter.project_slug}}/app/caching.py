"""Helpers around Flask-Caching's ``cache`` (see app/extensions.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app

from app.extensions import cache

if TYPE_CHECKING:
    # Flask-Caching's name for "a function decorated with @cache.memoize()".
    from flask_caching import _AnyMemoizedFunction as MemoizedFunction


def forget(memoized: MemoizedFunction) -> None:
    """Drop every cached result of ``memoized``.

    A cache outage must not fail a write that has already been committed, so it
    is logged instead; cached entries then expire after CACHE_DEFAULT_TIMEOUT.
    """
    try:
        cache.delete_memoized(memoized)
    except Exception:
        current_app.logger.exception("Could not clear the cache of %r", memoized)
