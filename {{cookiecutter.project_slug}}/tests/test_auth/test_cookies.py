"""Tokens in cookies: HttpOnly, scoped, CSRF-protected, and cleared on sign-out."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.models import User
from tests.auth_fixtures import REFRESH, refresh, sign_in, with_token
from tests.cookie_tokens import cookies_set_by
from tests.factories import DEFAULT_PASSWORD

LOGIN = "/api/v1/auth/login"
LOGOUT = "/api/v1/auth/logout"
TOKEN_COOKIES = {"access_token_cookie", "refresh_token_cookie"}
CSRF_COOKIES = {"csrf_access_token", "csrf_refresh_token"}


def set_cookie_headers(client: FlaskClient, user: User) -> dict[str, str]:
    """Each cookie that sign-in sets, by name: its whole Set-Cookie header."""
    response = client.post(LOGIN, json={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    headers = response.headers.getlist("Set-Cookie")
    return {header.split("=", 1)[0]: header for header in headers}


def test_sign_in_sets_httponly_token_cookies_and_no_token_in_the_body(
    client: FlaskClient, user: User
) -> None:
    response = client.post(LOGIN, json={"email": user.email, "password": DEFAULT_PASSWORD})

    assert response.get_json() == {"data": {"expires_in": 15 * 60}}
    cookies = set_cookie_headers(client, user)
    assert set(cookies) == TOKEN_COOKIES | CSRF_COOKIES
    for name in TOKEN_COOKIES:
        assert "HttpOnly" in cookies[name], name
    for name in CSRF_COOKIES:
        assert "HttpOnly" not in cookies[name], name  # the front-end must read it
    for header in cookies.values():
        assert "Secure" in header
        assert "SameSite=Strict" in header


def test_the_refresh_cookie_only_goes_to_the_auth_endpoints(
    client: FlaskClient, user: User
) -> None:
    cookies = set_cookie_headers(client, user)

    assert "Path=/api/v1/auth/" in cookies["refresh_token_cookie"]
    assert "Path=/api/;" in cookies["access_token_cookie"] + ";"


def test_a_write_without_the_csrf_token_is_refused(app: Flask, user: User) -> None:
    browser = app.test_client()  # keeps cookies, as a browser does
    browser.post(LOGIN, json={"email": user.email, "password": DEFAULT_PASSWORD})
    assert browser.get("/api/v1/users/me").status_code == 200  # reads need no CSRF token
    body = {"current_password": DEFAULT_PASSWORD, "new_password": "a brand new passphrase"}

    refused = browser.post("/api/v1/auth/password", json=body)
    wrong = browser.post("/api/v1/auth/password", json=body, headers={"X-CSRF-TOKEN": "guess"})

    for response in (refused, wrong):
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "csrf_failed"
    csrf = browser.get_cookie("csrf_access_token", path="/")
    assert csrf is not None
    accepted = browser.post(
        "/api/v1/auth/password", json=body, headers={"X-CSRF-TOKEN": csrf.value}
    )
    assert accepted.status_code == 204


def test_refresh_without_the_refresh_csrf_token_is_refused(client: FlaskClient, user: User) -> None:
    refresh_token = sign_in(client, user)["refresh_token"]
    cookie_only = {"Cookie": f"refresh_token_cookie={refresh_token}"}

    assert client.post(REFRESH, headers=cookie_only).status_code == 401
    assert refresh(client, refresh_token).status_code == 200


def test_logout_clears_every_token_cookie(client: FlaskClient, user: User) -> None:
    refresh_token = sign_in(client, user)["refresh_token"]

    response = client.post(LOGOUT, headers=with_token(refresh_token, "refresh"))

    assert response.status_code == 204
    cleared = cookies_set_by(response)
    assert set(cleared) == TOKEN_COOKIES | CSRF_COOKIES
    assert set(cleared.values()) == {""}
    assert refresh(client, refresh_token).status_code == 401
