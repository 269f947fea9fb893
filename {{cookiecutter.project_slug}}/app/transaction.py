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
