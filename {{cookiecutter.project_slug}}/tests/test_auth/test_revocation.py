"""Ending a session stops every token of it at once, the access tokens included, and
a refresh token is swapped for new ones exactly once, however requests interleave."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from flask.testing import FlaskClient
from sqlalchemy import event, select

from app.api.auth import links
from app.extensions import db
from app.models import RefreshTokenFamily, User
from tests.auth_fixtures import refresh, sign_in, tokens_from, with_token
from tests.factories import DEFAULT_PASSWORD

ME = "/api/v1/users/me"
LOGOUT = "/api/v1/auth/logout"
SESSIONS = "/api/v1/auth/sessions"
CHANGE = "/api/v1/auth/password"
NEW_PASSWORD = "a-new-passphrase"


def is_refused(client: FlaskClient, access_token: str) -> bool:
    """The access token gets the 401 of an ended session, on a read and on a write."""
    read = client.get(ME, headers=with_token(access_token))
    write = client.delete(f"{SESSIONS}/{uuid.uuid4()}", headers=with_token(access_token))
    codes = {read.get_json()["error"]["code"], write.get_json()["error"]["code"]}
    return (read.status_code, write.status_code, codes) == (401, 401, {"token_revoked"})


def test_sign_out_stops_the_sessions_access_token(client: FlaskClient, user: User) -> None:
    tokens = sign_in(client, user)
    other_session = sign_in(client, user)

    client.post(LOGOUT, headers=with_token(tokens["refresh_token"], "refresh"))

    assert is_refused(client, tokens["access_token"])
    assert client.get(ME, headers=with_token(other_session["access_token"])).status_code == 200


def test_a_replayed_refresh_token_stops_every_token_of_its_session(
    client: FlaskClient, user: User
) -> None:
    spent = sign_in(client, user)["refresh_token"]
    newer = tokens_from(refresh(client, spent))

    assert refresh(client, spent).status_code == 401

    assert is_refused(client, newer["access_token"])


def test_a_password_change_stops_the_other_sessions_access_tokens(
    client: FlaskClient, user: User
) -> None:
    here = sign_in(client, user)
    elsewhere = sign_in(client, user)
    body = {"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}

    client.post(CHANGE, json=body, headers=with_token(here["access_token"]))

    assert is_refused(client, elsewhere["access_token"])
    assert client.get(ME, headers=with_token(here["access_token"])).status_code == 200


def test_a_password_reset_stops_every_access_token(client: FlaskClient, user: User) -> None:
    tokens = sign_in(client, user)

    confirm = {"token": links.password_reset_token(user), "password": NEW_PASSWORD}
    assert client.post("/api/v1/auth/password-reset/confirm", json=confirm).status_code == 204

    assert is_refused(client, tokens["access_token"])


def test_ending_a_session_from_the_list_stops_its_access_token(
    client: FlaskClient, user: User
) -> None:
    here = sign_in(client, user)
    lost_phone = sign_in(client, user)
    listed = client.get(SESSIONS, headers=with_token(here["access_token"])).get_json()["data"]
    [other] = [session for session in listed if not session["current"]]

    client.delete(f"{SESSIONS}/{other['id']}", headers=with_token(here["access_token"]))

    assert is_refused(client, lost_phone["access_token"])


def test_a_refresh_token_spent_meanwhile_by_another_request_ends_the_session(
    client: FlaskClient, user: User
) -> None:
    tokens = sign_in(client, user)

    with another_request_refreshes_first():
        response = refresh(client, tokens["refresh_token"])

    assert response.status_code == 401
    assert db.session.scalars(select(RefreshTokenFamily)).one().is_revoked
    assert is_refused(client, tokens["access_token"])


@contextmanager
def another_request_refreshes_first() -> Iterator[None]:
    """Just before this request writes its session, another request presenting the
    same token swaps it: the check this request made is stale by then. Only a swap
    that is one conditional UPDATE notices."""

    def swap_first(_connection: object, cursor: object, statement: str, *_rest: object) -> None:
        if statement.startswith("UPDATE refresh_token_families SET current_jti"):
            spent = "UPDATE refresh_token_families SET current_jti = 'swapped-elsewhere'"
            cursor.execute(spent)  # type: ignore[attr-defined]

    event.listen(db.engine, "before_cursor_execute", swap_first)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", swap_first)
