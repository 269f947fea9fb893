"""Shared fixtures: one app and schema per session, empty tables for every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text

from app import create_app
from app.extensions import cache, db, limiter
{%- set plugins = [] %}
{%- if cookiecutter.auth == "jwt" %}{% set _ = plugins.append("tests.auth_fixtures") %}{% endif %}
{%- if cookiecutter.use_redis %}{% set _ = plugins.append("tests.redis_fixtures") %}{% endif %}
{%- if plugins %}

pytest_plugins = [{% for plugin in plugins %}"{{ plugin }}"{% if not loop.last %}, {% endif %}{% endfor %}]
{%- endif %}


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    """The app under test; its schema is created once for the whole session."""
    app = create_app("testing")
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
def client(app: Flask) -> FlaskClient:
    """A client that keeps no cookies, like an API client: tests send tokens themselves."""
    return app.test_client(use_cookies=False)


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()
