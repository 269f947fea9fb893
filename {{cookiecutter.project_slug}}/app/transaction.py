"""The unit of work that every service mutation runs in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from app.extensions import db


@contextmanager
def transaction() -> Iterator[None]:
    """Commit what the block changed; on any error roll back and re-raise."""
    try:
        yield
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def release_locks() -> None:
    """End the transaction so far, which has only read, before slow work such as a
    password hash. On SQLite a request that may write holds the database's write
    lock from its first statement (app/sqlite.py); it would hold up every other
    writer for as long as the hash takes."""
    db.session.commit()
