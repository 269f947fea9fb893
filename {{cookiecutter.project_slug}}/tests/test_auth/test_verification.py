"""Email verification: the link sent at sign-up, and writes refused until it is used."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta
from unittest.mock import patch

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_mail import Message

from app.api.auth import links, verification
from app.api.users.services import find_user_by_email
from app.extensions import db
from app.models import User
from tests.auth_fixtures import client_for
from tests.factories import UserFactory

REGISTER = "/api/v1/auth/register"
VERIFY = "/api/v1/auth/verify"
RESEND = "/api/v1/auth/verify/resend"


@pytest.fixture
def unverified_user() -> User:
    created: User = UserFactory.create(email_verified_at=None)
    return created


def token_in(message: Message) -> str:
    match = re.search(r"verify-email\?token=(\S+)", message.body or "")
    assert match, message.body
    return match.group(1)


def a_write_url(app: Flask) -> str:
    """A domain endpoint that creates something: outside /api/v1/auth and /users."""
    for rule in app.url_map.iter_rules():
        prefix = rule.rule.removeprefix("/api/v1/")
        if "POST" in (rule.methods or ()) and "/" not in prefix and prefix != rule.rule:
            return rule.rule
    raise AssertionError("no domain endpoint takes POST")


def valid_body_for(url: str) -> dict[str, object]:
    """A body that creates a resource at ``url``: the one the domain's own tests send."""
    domain = url.removeprefix("/api/v1/")
    domain_tests = importlib.import_module(f"tests.test_{domain}.test_routes")
    body: dict[str, object] = domain_tests.valid_body()
    return body


def test_register_mails_a_verification_link(client: FlaskClient, sent_mail: list[Message]) -> None:
    response = client.post(REGISTER, json={"email": "ada@example.com", "password": "s3cret-pass"})

    assert response.status_code == 201
    assert response.get_json()["data"]["email_verified_at"] is None
    [message] = sent_mail
    assert message.recipients == ["ada@example.com"]
    assert "http://127.0.0.1:5000/verify-email?token=" in (message.body or "")


def test_the_link_verifies_the_email(
    client: FlaskClient, sent_mail: list[Message], unverified_user: User
) -> None:
    verification.send_verification_link(unverified_user)
    token = token_in(sent_mail[-1])

    response = client.post(VERIFY, json={"token": token})

    assert response.status_code == 204
    db.session.refresh(unverified_user)
    assert unverified_user.is_verified
    assert client.post(VERIFY, json={"token": token}).status_code == 204  # idempotent


def test_an_unverified_user_reads_but_cannot_write(app: Flask, unverified_user: User) -> None:
    client = client_for(app, unverified_user)
    url = a_write_url(app)

    assert client.get(url).status_code == 200
    refused = client.post(url, json={})
    assert refused.status_code == 403
    assert "Verify your email" in refused.get_json()["error"]["message"]


def test_a_verified_user_gets_past_the_check(app: Flask, user: User) -> None:
    response = client_for(app, user).post(a_write_url(app), json={})

    assert response.status_code == 422  # the body is checked: the write was allowed


def test_an_admin_made_on_the_command_line_can_write(app: Flask, runner: FlaskCliRunner) -> None:
    args = ["create-user", "boss@example.com", "--password", "s3cret-pass", "--admin"]
    assert runner.invoke(args=args).exit_code == 0
    admin = find_user_by_email("boss@example.com")
    assert admin is not None
    url = a_write_url(app)

    response = client_for(app, admin).post(url, json=valid_body_for(url))

    assert response.status_code == 201


def test_a_write_without_a_token_is_still_401(app: Flask, client: FlaskClient) -> None:
    assert client.post(a_write_url(app), json={}).status_code == 401


@pytest.mark.parametrize("token", ["forged", "eyJ1c2VyIjoiMSJ9.ZmFrZQ.c2lnbmF0dXJl"])
def test_a_bad_link_is_401(client: FlaskClient, token: str) -> None:
    assert client.post(VERIFY, json={"token": token}).status_code == 401


def test_an_expired_link_is_401(app: Flask, client: FlaskClient, unverified_user: User) -> None:
    token = links.serializer(verification.VERIFY_SALT).dumps(
        {"user": str(unverified_user.id), "email": unverified_user.email}
    )

    with patch.dict(app.config, {"EMAIL_VERIFICATION_MAX_AGE": timedelta(seconds=-1)}):
        assert client.post(VERIFY, json={"token": token}).status_code == 401


def test_a_password_reset_token_does_not_verify(client: FlaskClient, unverified_user: User) -> None:
    token = links.password_reset_token(unverified_user)

    assert client.post(VERIFY, json={"token": token}).status_code == 401
    assert not unverified_user.is_verified


def test_resend_mails_a_new_link(
    app: Flask, sent_mail: list[Message], unverified_user: User
) -> None:
    response = client_for(app, unverified_user).post(RESEND)

    assert response.status_code == 202
    assert sent_mail[-1].recipients == [unverified_user.email]


def test_resend_for_a_verified_email_is_409(
    app: Flask, user: User, sent_mail: list[Message]
) -> None:
    assert client_for(app, user).post(RESEND).status_code == 409
    assert sent_mail == []


def test_resend_is_rate_limited(
    app: Flask, sent_mail: list[Message], unverified_user: User
) -> None:
    client = client_for(app, unverified_user)

    statuses = [client.post(RESEND).status_code for _ in range(4)]

    assert statuses == [202, 202, 202, 429]
    assert len(sent_mail) == 3
