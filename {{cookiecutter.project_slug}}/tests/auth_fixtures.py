"""Fixtures for signed-in requests (loaded by conftest through pytest_plugins), and the
helpers that sign in and present tokens as the project's clients do."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token
from flask_mail import Message
from sqlalchemy import select
from werkzeug.test import TestResponse

from app.api.auth.services import start_session
from app.auth_extensions import mail
from app.extensions import db
from app.models import RefreshTokenFamily, User
from tests.{% if cookiecutter.auth == "jwt-cookies" %}cookie_tokens{% else %}bearer_tokens{% endif %} import tokens_from, with_token
from tests.factories import DEFAULT_PASSWORD, UserFactory

# What the tests import from here: the token helpers above among them.
__all__ = ["REFRESH", "client_for", "refresh", "sign_in", "tokens_from", "with_token"]

LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"

# Whom tests/test_fuzz.py signs in as, and the session its token names.
FUZZ_USER_ID = UUID("00000000-0000-4000-8000-00000000f022")
FUZZ_SESSION_ID = UUID("00000000-0000-4000-8000-00000005e551")
# Finds that session unless a case ended it, or deleted the user and so the session.
FUZZ_SESSION_LIVE = select(RefreshTokenFamily.id).where(
    RefreshTokenFamily.id == FUZZ_SESSION_ID, RefreshTokenFamily.revoked_at.is_(None)
)


@pytest.fixture
def user() -> User:
    created: User = UserFactory.create()
    return created


@pytest.fixture
def sent_mail() -> Iterator[list[Message]]:
    """Every message the outbox hands to SMTP (Flask-Mail records them; tests send none)."""
    with mail.record_messages() as messages:
        yield messages


@pytest.fixture
def signed_in_client(app: Flask, user: User) -> FlaskClient:
    """A client that sends an access token for ``user`` on every request."""
    return client_for(app, user)


@pytest.fixture
def other_client(app: Flask) -> FlaskClient:
    """A client signed in as a second user, to try other people's resources."""
    return client_for(app, UserFactory.create())


def client_for(app: Flask, user: User) -> FlaskClient:
    """A client that sends an access token of a new session of ``user`` with every request."""
    client = app.test_client(use_cookies=False)
    token = start_session(user).access_token
    for name, value in with_token(token).items():
        client.environ_base[f"HTTP_{name.upper().replace('-', '_')}"] = value
    return client


def sign_in(client: FlaskClient, user: User, password: str = DEFAULT_PASSWORD) -> dict[str, str]:
    """Sign ``user`` in through the API: their ``access_token`` and ``refresh_token``."""
    credentials = {"email": user.email, "password": password}
    response = client.post(LOGIN, json=credentials, headers={"User-Agent": "pytest"})
    assert response.status_code == 200, response.get_json()
    return tokens_from(response)


def refresh(client: FlaskClient, refresh_token: str) -> TestResponse:
    """Present ``refresh_token`` to ``/auth/refresh``, as a client does to get new tokens."""
    return client.post(REFRESH, headers=with_token(refresh_token, "refresh"))


@schemathesis.auth()
class FuzzUserToken:
    """Signs tests/test_fuzz.py's cases in as the fuzz user on the operations whose
    document asks for a token; cases meant to go without one still do."""

    def get(self, _case: schemathesis.Case[Any], context: schemathesis.AuthContext) -> str:
        assert context.app is not None  # the app tests/test_fuzz.py loads the schema from
        session = {"family": str(FUZZ_SESSION_ID)}
        with context.app.app_context():
            token: str = create_access_token(
                str(FUZZ_USER_ID), additional_claims=session, expires_delta=timedelta(hours=1)
            )
        return token

    def set(
        self, case: schemathesis.Case[Any], token: str, _context: schemathesis.AuthContext
    ) -> None:
        headers = with_token(token)
        if cookie := headers.pop("Cookie", None):  # schemathesis sends its own Cookie header
            name, value = cookie.split("=", 1)
            case.cookies = {**(case.cookies or {}), name: value}
        case.headers.update(headers)


@schemathesis.hook
def before_call(
    _context: schemathesis.HookContext, _case: schemathesis.Case[Any], **_kwargs: object
) -> None:
    """The fuzz user and its session exist for every case, though each test empties
    the tables and a case may end the session."""
    if db.session.scalar(FUZZ_SESSION_LIVE) is not None:
        db.session.rollback()  # the case's request begins its own transaction
        return
    if db.session.get(User, FUZZ_USER_ID) is None:
        UserFactory.create(id=FUZZ_USER_ID)
    session = db.session.get(RefreshTokenFamily, FUZZ_SESSION_ID)
    if session is None:
        session = RefreshTokenFamily(id=FUZZ_SESSION_ID, user_id=FUZZ_USER_ID, current_jti="fuzz")
        db.session.add(session)
    session.revoked_at = None
    db.session.commit()
