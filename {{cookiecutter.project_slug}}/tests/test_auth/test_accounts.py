"""Password reset by mail, password change, and the list of sessions."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest.mock import patch

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_mail import Message
from sqlalchemy import update

from app.api.auth import links
from app.api.auth.passwords import hash_password
from app.extensions import db
from app.models import User
from tests.auth_fixtures import refresh, sign_in, with_token
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.helpers import count_queries

LOGIN = "/api/v1/auth/login"
RESET = "/api/v1/auth/password-reset"
CONFIRM = "/api/v1/auth/password-reset/confirm"
CHANGE = "/api/v1/auth/password"
SESSIONS = "/api/v1/auth/sessions"
NEW_PASSWORD = "a brand new passphrase"


def reset_token_from(message: Message) -> str:
    match = re.search(r"reset-password\?token=(\S+)", message.body or "")
    assert match, message.body
    return match.group(1)


def test_reset_mails_a_link_to_the_account(
    client: FlaskClient, user: User, sent_mail: list[Message]
) -> None:
    response = client.post(RESET, json={"email": user.email.upper()})

    assert response.status_code == 202
    [message] = sent_mail
    assert message.recipients == [user.email]
    assert "http://127.0.0.1:5000/reset-password?token=" in (message.body or "")
    assert "30 minutes" in (message.body or "")


def test_reset_answers_the_same_for_an_unknown_email(
    client: FlaskClient, user: User, sent_mail: list[Message]
) -> None:
    known = client.post(RESET, json={"email": user.email})
    unknown = client.post(RESET, json={"email": "nobody@example.com"})

    assert (unknown.status_code, unknown.get_json()) == (known.status_code, known.get_json())
    assert len(sent_mail) == 1


def test_a_reset_request_is_answered_before_the_account_is_looked_up(
    client: FlaskClient, user: User, sent_mail: list[Message]
) -> None:
    """So a known email takes as long as an unknown one: nothing is queried or sent
    until the response has been sent (the server then closes it)."""
    for email in ("nobody@example.com", user.email):
        with count_queries() as statements:
            response = client.post(RESET, json={"email": email}, buffered=False)
        assert (response.status_code, statements, sent_mail) == (202, [], []), email
        response.close()

    [message] = sent_mail
    assert message.recipients == [user.email]


def test_a_deactivated_account_gets_no_reset_link(
    client: FlaskClient, sent_mail: list[Message]
) -> None:
    user = UserFactory.create(is_active=False)

    assert client.post(RESET, json={"email": user.email}).status_code == 202
    assert sent_mail == []


def test_the_reset_link_sets_a_new_password_and_ends_every_session(
    client: FlaskClient, user: User, sent_mail: list[Message]
) -> None:
    session = sign_in(client, user)
    client.post(RESET, json={"email": user.email})
    token = reset_token_from(sent_mail[0])

    response = client.post(CONFIRM, json={"token": token, "password": NEW_PASSWORD})

    assert response.status_code == 204
    assert refresh(client, session["refresh_token"]).status_code == 401
    sign_in(client, user, NEW_PASSWORD)
    old = client.post(LOGIN, json={"email": user.email, "password": DEFAULT_PASSWORD})
    assert old.status_code == 401


def test_a_reset_link_works_once(client: FlaskClient, user: User, sent_mail: list[Message]) -> None:
    client.post(RESET, json={"email": user.email})
    token = reset_token_from(sent_mail[0])
    client.post(CONFIRM, json={"token": token, "password": NEW_PASSWORD})

    again = client.post(CONFIRM, json={"token": token, "password": "yet another passphrase"})

    assert again.status_code == 401
    assert again.get_json()["error"]["message"] == links.INVALID_LINK
    sign_in(client, user, NEW_PASSWORD)


def test_a_reset_link_followed_twice_at_once_works_once(
    client: FlaskClient, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other request sets its password while this one hashes the new one."""
    token = links.password_reset_token(user)

    def while_the_other_request_resets(password: str) -> str:
        db.session.execute(
            update(User)
            .where(User.id == user.id)
            .values(password_hash="set by the other request", row_version=User.row_version + 1)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        return hash_password(password)

    monkeypatch.setattr("app.api.auth.accounts.hash_password", while_the_other_request_resets)
    response = client.post(CONFIRM, json={"token": token, "password": NEW_PASSWORD})

    assert response.status_code == 401
    assert response.get_json()["error"]["message"] == links.INVALID_LINK
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored is not None
    assert stored.password_hash == "set by the other request"


def test_an_expired_reset_link_is_refused(app: Flask, client: FlaskClient, user: User) -> None:
    token = links.password_reset_token(user)

    with patch.dict(app.config, {"PASSWORD_RESET_MAX_AGE": timedelta(seconds=-1)}):
        response = client.post(CONFIRM, json={"token": token, "password": NEW_PASSWORD})

    assert response.status_code == 401


@pytest.mark.parametrize(
    "token",
    ["not-a-token", "eyJ1c2VyIjoiMSJ9.ZmFrZQ.c2lnbmF0dXJl", "x" * 1000],
)
def test_a_forged_reset_link_is_refused(client: FlaskClient, user: User, token: str) -> None:
    response = client.post(CONFIRM, json={"token": token, "password": NEW_PASSWORD})

    assert response.status_code == 401
    sign_in(client, user)


def test_a_reset_token_is_no_email_verification_token(
    app: Flask, client: FlaskClient, user: User
) -> None:
    """Tokens are signed per purpose: one kind cannot be replayed as another."""
    other_purpose = links.serializer("another-purpose").dumps({"user": str(user.id)})

    response = client.post(CONFIRM, json={"token": other_purpose, "password": NEW_PASSWORD})

    assert response.status_code == 401


def test_a_weak_new_password_is_422(client: FlaskClient, user: User) -> None:
    token = links.password_reset_token(user)

    response = client.post(CONFIRM, json={"token": token, "password": "short"})

    assert response.status_code == 422
    assert list(response.get_json()["error"]["details"]) == ["password"]


def test_change_password_keeps_this_session_and_ends_the_others(
    client: FlaskClient, user: User
) -> None:
    here = sign_in(client, user)
    elsewhere = sign_in(client, user)

    response = client.post(
        CHANGE,
        json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
        headers=with_token(here["access_token"]),
    )

    assert response.status_code == 204
    assert refresh(client, here["refresh_token"]).status_code == 200
    assert refresh(client, elsewhere["refresh_token"]).status_code == 401
    sign_in(client, user, NEW_PASSWORD)


def test_change_password_with_a_wrong_current_password_is_401(
    client: FlaskClient, user: User
) -> None:
    tokens = sign_in(client, user)

    response = client.post(
        CHANGE,
        json={"current_password": "not my password", "new_password": NEW_PASSWORD},
        headers=with_token(tokens["access_token"]),
    )

    assert response.status_code == 401
    sign_in(client, user)


def test_change_password_refuses_the_current_password_and_the_email(
    client: FlaskClient, user: User
) -> None:
    tokens = sign_in(client, user)

    for new_password in (DEFAULT_PASSWORD, user.email.upper()):
        response = client.post(
            CHANGE,
            json={"current_password": DEFAULT_PASSWORD, "new_password": new_password},
            headers=with_token(tokens["access_token"]),
        )
        assert response.status_code == 422, new_password
        error = response.get_json()["error"]
        assert (error["code"], list(error["details"])) == ("validation_error", ["new_password"])
    sign_in(client, user)


def test_change_password_needs_an_access_token(client: FlaskClient) -> None:
    body = {"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}

    assert client.post(CHANGE, json=body).status_code == 401


def test_sessions_lists_live_sign_ins_and_marks_this_one(client: FlaskClient, user: User) -> None:
    first = sign_in(client, user)
    second = sign_in(client, user)
    client.post("/api/v1/auth/logout", headers=with_token(first["refresh_token"], "refresh"))

    response = client.get(SESSIONS, headers=with_token(second["access_token"]))

    assert response.status_code == 200
    [session] = response.get_json()["data"]
    assert (session["current"], session["user_agent"]) == (True, "pytest")
    assert set(session) == {"id", "created_at", "last_used_at", "user_agent", "current"}


def test_ending_a_session_stops_its_refresh_token(client: FlaskClient, user: User) -> None:
    here = sign_in(client, user)
    lost_phone = sign_in(client, user)
    sessions = client.get(SESSIONS, headers=with_token(here["access_token"])).get_json()["data"]
    [other] = [session for session in sessions if not session["current"]]

    response = client.delete(f"{SESSIONS}/{other['id']}", headers=with_token(here["access_token"]))

    assert response.status_code == 204
    assert refresh(client, lost_phone["refresh_token"]).status_code == 401
    assert refresh(client, here["refresh_token"]).status_code == 200


def test_no_one_ends_another_users_session(client: FlaskClient, user: User) -> None:
    victim = sign_in(client, user)
    sessions = client.get(SESSIONS, headers=with_token(victim["access_token"])).get_json()["data"]
    attacker = sign_in(client, UserFactory.create())

    response = client.delete(
        f"{SESSIONS}/{sessions[0]['id']}", headers=with_token(attacker["access_token"])
    )

    assert response.status_code == 404
    assert refresh(client, victim["refresh_token"]).status_code == 200


def test_new_account_endpoints_have_the_stricter_rate_limit(client: FlaskClient) -> None:
    statuses = [
        client.post(RESET, json={"email": "someone@example.com"}).status_code for _ in range(11)
    ]

    assert statuses[:10] == [202] * 10
    assert statuses[10] == 429
