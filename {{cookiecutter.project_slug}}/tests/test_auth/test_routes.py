"""Tests for register, login, refresh-token rotation and logout."""

from __future__ import annotations

import uuid
from datetime import timedelta
from unittest.mock import patch

import jwt
import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token
from pydantic import ValidationError

from app.extensions import db
from app.models import RefreshTokenFamily, User
from config import ProductionConfig
from tests.auth_fixtures import refresh, sign_in, tokens_from, with_token
from tests.factories import DEFAULT_PASSWORD, UserFactory

REGISTER = "/api/v1/auth/register"
LOGIN = "/api/v1/auth/login"
LOGOUT = "/api/v1/auth/logout"


def test_register_returns_201_with_the_user_and_no_password(client: FlaskClient) -> None:
    response = client.post(REGISTER, json={"email": "Ada@Example.com", "password": "s3cret-pass"})

    assert response.status_code == 201
    data = response.get_json()["data"]
    assert data["email"] == "ada@example.com"
    assert set(data) == {"id", "email", "is_active", "is_admin", "email_verified_at", "created_at"}
    stored = db.session.get(User, uuid.UUID(data["id"]))
    assert stored is not None
    assert stored.password_hash != "s3cret-pass"


def test_register_with_a_taken_email_is_409(client: FlaskClient, user: User) -> None:
    response = client.post(REGISTER, json={"email": user.email.upper(), "password": "s3cret-pass"})

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "conflict"


def test_register_with_invalid_fields_is_422_with_field_details(client: FlaskClient) -> None:
    response = client.post(REGISTER, json={"email": "not-an-email", "password": "short"})

    assert response.status_code == 422
    assert set(response.get_json()["error"]["details"]) == {"email", "password"}


def test_register_with_an_unknown_field_is_422(client: FlaskClient) -> None:
    body = {"email": "ada@example.com", "password": "s3cret-pass", "is_admin": True}

    response = client.post(REGISTER, json=body)

    assert response.status_code == 422
    assert "is_admin" in response.get_json()["error"]["details"]


def test_login_returns_a_token_pair(client: FlaskClient, user: User) -> None:
    tokens = sign_in(client, user)

    me = client.get("/api/v1/users/me", headers=with_token(tokens["access_token"]))
    assert me.get_json()["data"]["email"] == user.email
{%- if cookiecutter.auth != "jwt-cookies" %}


def test_login_answers_with_both_tokens_and_their_lifetime(client: FlaskClient, user: User) -> None:
    response = client.post(LOGIN, json={"email": user.email, "password": DEFAULT_PASSWORD})

    body = response.get_json()["data"]
    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 15 * 60)
{%- endif %}


def test_wrong_password_and_unknown_email_get_the_same_401(client: FlaskClient, user: User) -> None:
    wrong_password = client.post(LOGIN, json={"email": user.email, "password": "wrong-pass"})
    unknown_email = client.post(LOGIN, json={"email": "nobody@example.com", "password": "x"})

    assert wrong_password.status_code == unknown_email.status_code == 401
    assert wrong_password.get_json() == unknown_email.get_json()


def test_an_unknown_email_costs_a_password_check_like_a_known_one(
    app: Flask, client: FlaskClient, user: User
) -> None:
    attempts = {"unknown email": "nobody@example.com", "wrong password": user.email}
    for name, email in attempts.items():
        with patch("app.api.auth.passwords.check_password_hash", return_value=False) as check:
            client.post(LOGIN, json={"email": email, "password": "wrong-pass"})
        [(stored_hash, _)] = [call.args for call in check.call_args_list]
        method = app.config["PASSWORD_HASH_METHOD"].split(":")[0]
        assert stored_hash.startswith(method), name


def test_a_deactivated_user_cannot_sign_in(client: FlaskClient) -> None:
    user = UserFactory.create(is_active=False)

    response = client.post(LOGIN, json={"email": user.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 401


def test_refresh_rotates_both_tokens(client: FlaskClient, user: User) -> None:
    tokens = sign_in(client, user)

    response = refresh(client, tokens["refresh_token"])

    assert response.status_code == 200
    rotated = tokens_from(response)
    assert rotated["refresh_token"] != tokens["refresh_token"]
    again = refresh(client, rotated["refresh_token"])
    assert again.status_code == 200


def test_no_auth_answer_may_be_stored_by_a_cache(client: FlaskClient, user: User) -> None:
    login = client.post(LOGIN, json={"email": user.email, "password": DEFAULT_PASSWORD})
    refreshed = refresh(client, tokens_from(login)["refresh_token"])
    refused = client.post(LOGIN, json={"email": user.email, "password": "wrong-pass"})

    assert [login.status_code, refreshed.status_code, refused.status_code] == [200, 200, 401]
    for response in (login, refreshed, refused):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Pragma"] == "no-cache"


def test_reusing_a_spent_refresh_token_revokes_its_family(client: FlaskClient, user: User) -> None:
    spent = sign_in(client, user)["refresh_token"]
    newer = tokens_from(refresh(client, spent))["refresh_token"]

    reuse = refresh(client, spent)

    assert reuse.status_code == 401
    assert reuse.get_json()["error"]["code"] == "unauthorized"
    assert refresh(client, newer).status_code == 401
    family = db.session.scalars(db.select(RefreshTokenFamily)).one()
    assert family.is_revoked


def test_reuse_leaves_other_sessions_alone(client: FlaskClient, user: User) -> None:
    stolen = sign_in(client, user)["refresh_token"]
    other_session = sign_in(client, user)["refresh_token"]
    refresh(client, stolen)

    refresh(client, stolen)

    assert refresh(client, other_session).status_code == 200


def test_logout_ends_the_session(client: FlaskClient, user: User) -> None:
    refresh_token = sign_in(client, user)["refresh_token"]

    response = client.post(LOGOUT, headers=with_token(refresh_token, "refresh"))

    assert response.status_code == 204
    assert refresh(client, refresh_token).status_code == 401


def test_refresh_needs_a_refresh_token_not_an_access_token(client: FlaskClient, user: User) -> None:
    access_token = sign_in(client, user)["access_token"]

    response = refresh(client, access_token)

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "token_invalid"


def test_an_access_route_refuses_a_refresh_token(client: FlaskClient, user: User) -> None:
    refresh_token = sign_in(client, user)["refresh_token"]

    response = client.get("/api/v1/users/me", headers=with_token(refresh_token))

    assert response.status_code == 401


def test_token_errors_are_401_envelopes(app: Flask, client: FlaskClient, user: User) -> None:
    expired = create_access_token(str(user.id), expires_delta=timedelta(seconds=-1))
    cases = {
        "token_missing": {},
        "token_invalid": with_token("not-a-jwt"),
        "token_expired": with_token(expired),
    }

    for code, headers in cases.items():
        response = client.get("/api/v1/users/me", headers=headers)
        assert response.status_code == 401, code
        assert response.get_json()["error"]["code"] == code


def test_a_token_of_a_deleted_user_is_401(client: FlaskClient, user: User) -> None:
    token = sign_in(client, user)["access_token"]
    db.session.delete(user)
    db.session.commit()

    response = client.get("/api/v1/users/me", headers=with_token(token))

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "token_revoked"


def test_login_is_rate_limited(client: FlaskClient, user: User) -> None:
    attempts = [
        client.post(LOGIN, json={"email": user.email, "password": "wrong-pass"}) for _ in range(11)
    ]

    assert [response.status_code for response in attempts] == [401] * 10 + [429]
    assert attempts[-1].get_json()["error"]["code"] == "too_many_requests"
    assert "Retry-After" in attempts[-1].headers


def test_forged_tokens_are_401(client: FlaskClient, user: User) -> None:
    token = create_access_token(str(user.id))
    header, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    forged = {
        "tampered signature": f"{header}.{payload}.{signature[::-1]}",
        "alg none": jwt.encode(claims, key=None, algorithm="none"),
        "other key": jwt.encode(claims, key="x" * 32, algorithm="HS256"),
    }

    for name, token in forged.items():
        response = client.get("/api/v1/users/me", headers=with_token(token))
        assert response.status_code == 401, name
        assert response.get_json()["error"]["code"] == "token_invalid", name


def test_production_refuses_insecure_jwt_cookies(production_env: pytest.MonkeyPatch) -> None:
    production_env.setenv("JWT_COOKIE_SECURE", "false")

    with pytest.raises(ValidationError, match="JWT_COOKIE_SECURE must be on in production"):
        ProductionConfig()
