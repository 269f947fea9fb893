"""Shared fixtures: one app and schema per session, empty tables for every test."""

from __future__ import annotations

import gc

# What loads before the tests run (the app, its libraries, the test modules and
# schemathesis' cases) stays to the end of the run. As wsgi.py does for the app's
# start-up, the garbage collector pauses while it loads, then freezes it all, out of
# every later scan (pytest_collection below).
gc.disable()

from collections.abc import Generator, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text
from werkzeug.test import TestResponse

from app import create_app
from app.extensions import cache, db, limiter
from config import SECRET_SETTINGS
{%- set plugins = ["tests.serving_start"] %}
{%- if cookiecutter.auth != "none" %}{% set _ = plugins.append("tests.auth_fixtures") %}{% endif %}
{%- if cookiecutter.use_redis %}{% set _ = plugins.append("tests.redis_fixtures") %}{% endif %}
{%- if cookiecutter.database == "sqlite" and not cookiecutter.use_redis %}{% set _ = plugins.append("tests.file_cache_fixtures") %}{% endif %}

pytest_plugins = [{% for plugin in plugins %}"{{ plugin }}"{% if not loop.last %}, {% endif %}{% endfor %}]


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Generator[None, object, object]:
    """Once the tests are collected, collect what loading left behind, then freeze the
    rest: the full scans of it that the run and the interpreter's exit made again and
    again took a sixth of the suite's time. The collector is off since this module
    was imported (above)."""
    try:
        return (yield)
    finally:
        gc.collect()
        gc.freeze()
        gc.enable()


class WholeResponseClient(FlaskClient):
    """Reads every response whole and closes it, as a WSGI server does once it has
    sent it, so work the app defers until then (app.background) has run."""

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:  # noqa: ANN401
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    """The app under test; its schema is created once for the whole session."""
    app = create_app("testing")
    app.test_client_class = WholeResponseClient
    with app.app_context():
        db.drop_all()  # a server database may hold tables from an interrupted run
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def app_context(app: Flask) -> Iterator[None]:
    """Run each test inside an app context, then empty every table and cache."""
    with app.app_context():
        limiter.reset()
        cache.clear()
{%- if cookiecutter.background_jobs == "celery" %}
        # Tasks run on the Celery app of the latest app created; tests create others.
        app.extensions["celery"].set_current()
{%- endif %}
        yield
        db.session.rollback()
        empty_tables()


def empty_tables() -> None:
    """Delete every row; PostgreSQL truncates all the tables in one statement."""
    tables = db.metadata.sorted_tables
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def list_cache(app: Flask) -> Iterator[None]:
    """A cache that keeps what it is given, for tests of list caching. The project's
    own cache serves them if it keeps anything (Redis, or files beside a SQLite
    database); one that caches nothing (``NullCache``: PostgreSQL without Redis) is
    swapped for one in the process's memory, to check the wiring the others rely on."""
    if app.config["CACHE_TYPE"] != "NullCache":
        yield
        return
    cache.init_app(app, config={"CACHE_TYPE": "SimpleCache"})
    yield
    cache.init_app(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A client that keeps no cookies, like an API client: tests send tokens themselves."""
    return app.test_client(use_cookies=False)


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def production_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """An environment ProductionConfig accepts; a test then spoils what it is about."""
    for name in SECRET_SETTINGS:
        monkeypatch.setenv(name, "x" * 48)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
{%- if cookiecutter.auth != "none" %}
    monkeypatch.setenv("LINK_BASE_URL", "https://app.flask-api-template.dev")
    monkeypatch.setenv("MAIL_DEFAULT_SENDER", "noreply@flask-api-template.dev")
{%- endif %}
    return monkeypatch
