"""What keeps several workers consistent: SQLite's write lock taken first by requests
that may write, and no cache in one process's memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import event, text

from app import create_app
from app.extensions import cache, db

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def sqlite_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """An app on a SQLite file, whatever database the suite runs on."""
    monkeypatch.setenv("TEST_DATABASE_URL", f"sqlite:///{tmp_path / 'locks.db'}")
    return create_app("testing")


def begin_statements(app: Flask, methods: tuple[str, ...]) -> list[str]:
    """How the transaction of a request by each method, then of a command, begins."""
    begun: list[str] = []

    def record(_connection: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.startswith("BEGIN"):
            begun.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
        for method in methods:
            with app.test_request_context(method=method):
                db.session.execute(text("SELECT 1"))
                db.session.rollback()
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    return begun


def test_on_sqlite_requests_that_may_write_take_the_write_lock_first(sqlite_app: Flask) -> None:
    begun = begin_statements(sqlite_app, ("GET", "HEAD", "OPTIONS", *WRITE_METHODS))

    reads, writes, command = begun[:3], begun[3:-1], begun[-1]
    assert reads == ["BEGIN"] * 3
    assert writes == ["BEGIN IMMEDIATE"] * len(WRITE_METHODS)
    assert command == "BEGIN IMMEDIATE"


def test_no_cache_lives_in_one_processs_memory(app: Flask) -> None:
    """Each gunicorn worker is a process: a cache in its memory would go on serving
    what a write handled by another worker changed. Redis; files on the one host that
    serves a SQLite database, beside it; or no cache at all."""
    assert type(cache.cache).__name__ in {"RedisCache", "FileSystemCache", "NullCache"}
