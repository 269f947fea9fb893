"""Shared fixtures: one app and schema per session, empty tables for every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from app import create_app
from app.extensions import db, limiter
{%- if cookiecutter.auth == "jwt" %}

pytest_plugins = ["tests.auth_fixtures"]
{%- endif %}


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    """The app under test; its schema is created once for the whole session."""
    app = create_app("testing")
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()


@pytest.fixture(autouse=True)
def app_context(app: Flask) -> Iterator[None]:
    """Run each test inside an app context, then empty every table."""
    with app.app_context():
        limiter.reset()
        yield
        db.session.rollback()
        empty_tables()


def empty_tables() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()
