"""The unit of work that every service mutation runs in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from app.extensions import db

AFTER_COMMIT = "after_commit"


@contextmanager
def transaction() -> Iterator[None]:
    """Commit what the block changed, then run what it left for after the commit
    (``after_commit``); on any error roll back, drop that work and re-raise."""
    try:
        yield
        db.session.commit()
    except Exception:
        db.session.rollback()
        db.session.info.pop(AFTER_COMMIT, None)
        raise
    for work in db.session.info.pop(AFTER_COMMIT, []):
        work()


def after_commit(task: Callable[..., object], *args: object) -> None:
    """Call ``task(*args)`` once the transaction under way has committed; never if it
    rolls back. Only a ``transaction()`` block runs it."""
    db.session.info.setdefault(AFTER_COMMIT, []).append(lambda: task(*args))


def release_locks() -> None:
    """End the transaction so far, which has only read, before slow work such as a
    password hash. On SQLite a request that may write holds the database's write
    lock from its first statement (app/sqlite.py); it would hold up every other
    writer for as long as the hash takes."""
    db.session.commit()
