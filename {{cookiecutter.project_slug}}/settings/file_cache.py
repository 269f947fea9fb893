"""SQLite without Redis: rate limits in each process's memory (settings/memory.py),
and list pages cached in files of the instance folder, beside the database.

One host serves a SQLite database: the file and every worker are on it. A cache
in files there is shared by every worker exactly as the data is, so a write that
forgets the cached lists (app/caching.py) does it for every worker at once, as
with Redis. cachelib writes each file under a temporary name and renames it into
place, so a reader sees a whole entry or none.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator

from settings import memory


class BackendSettings(memory.BackendSettings):
    """Rate limits in each process's memory; the cache in files under ``instance/``."""

    CACHE_TYPE: str = "FileSystemCache"
    # A folder of the cache's own (it deletes files in it), relative to the app's
    # instance folder unless absolute: create_app resolves it.
    CACHE_DIR: str = "cache"
    # Files (a page each, and a version per list) kept before the oldest are deleted.
    CACHE_THRESHOLD: int = 1000

    @field_validator("CACHE_DIR")
    @classmethod
    def a_folder_of_its_own(cls, value: str) -> str:
        """Refuse a folder the cache would share: it deletes the oldest files in it,
        and the instance folder holds the database."""
        if Path(value).name in {"", ".."}:
            raise ValueError("must name a folder of the cache's own, such as cache")
        return value
