"""Fixtures for signed-in requests (loaded by conftest through pytest_plugins)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token

from app.extensions import db
from app.models import User
from tests.factories import UserFactory

# Whom tests/test_fuzz.py signs in as.
FUZZ_USER_ID = UUID("00000000-0000-4000-8000-00000000f022")


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


@schemathesis.auth()
class FuzzUserToken:
    """Signs tests/test_fuzz.py's cases in as the fuzz user on the operations whose
    document asks for a token; cases meant to go without one still do."""

    def get(self, _case: schemathesis.Case[Any], context: schemathesis.AuthContext) -> str:
        assert context.app is not None  # the app tests/test_fuzz.py loads the schema from
        with context.app.app_context():
            token: str = create_access_token(str(FUZZ_USER_ID), expires_delta=timedelta(hours=1))
        return token

    def set(
        self, case: schemathesis.Case[Any], token: str, _context: schemathesis.AuthContext
    ) -> None:
        case.headers["Authorization"] = f"Bearer {token}"


@schemathesis.hook
def before_call(
    _context: schemathesis.HookContext, _case: schemathesis.Case[Any], **_kwargs: object
) -> None:
    """The fuzz user exists for every case, though each test empties the tables."""
    if db.session.get(User, FUZZ_USER_ID) is None:
        UserFactory.create(id=FUZZ_USER_ID)
