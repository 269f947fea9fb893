"""Fixtures for signed-in requests (loaded by conftest through pytest_plugins)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token

from app.models import User
from tests.factories import UserFactory


@pytest.fixture
def user() -> User:
    created: User = UserFactory.create()
    return created


@pytest.fixture
def signed_in_client(app: Flask, user: User) -> FlaskClient:
    """A client that sends an access token for ``user`` on every request."""
    return client_for(app, user)


@pytest.fixture
def other_client(app: Flask) -> FlaskClient:
    """A client signed in as a second user, to try other people's resources."""
    return client_for(app, UserFactory.create())


def client_for(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    token = create_access_token(identity=str(user.id))
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client
