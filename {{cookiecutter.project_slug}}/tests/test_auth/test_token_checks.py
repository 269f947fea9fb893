"""Every token is checked against its session and its account when it is verified.

``@jwt_required()`` runs ``verify_jwt_in_request``: a token whose session has ended
is revoked there, and one of a deactivated account fails its user lookup, so routes
that never read ``current_user`` refuse such tokens too. That check is one light
query; the user's row is read only when ``current_user`` is used. Claims that a
well-signed token may still lack or garble are refused the same way, never with a 500.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from flask import Flask
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    decode_token,
    get_current_user,
    verify_jwt_in_request,
)
from flask_jwt_extended.exceptions import RevokedTokenError, UserLookupError

from app.api.auth.services import start_session
from app.api.auth.sessions import end_session
from app.errors import AuthenticationError
from app.extensions import db
from app.models import User
from tests.auth_fixtures import with_token
from tests.helpers import count_queries


def verify(app: Flask, token: str, kind: str = "access") -> None:
    with app.test_request_context(headers=with_token(token, kind)):
        verify_jwt_in_request(refresh=kind == "refresh")


def test_a_token_of_a_live_session_is_verified(app: Flask, user: User) -> None:
    verify(app, start_session(user).access_token)


def test_verification_runs_one_query_and_reads_the_user_on_first_use(
    app: Flask, user: User
) -> None:
    token = start_session(user).access_token
    db.session.expunge_all()

    with app.test_request_context(headers=with_token(token)):
        with count_queries() as verifying:
            verify_jwt_in_request()
        with count_queries() as first_use:
            first_id = get_current_user().id
        with count_queries() as second_use:
            second_id = get_current_user().id

    assert (len(verifying), len(first_use), second_use) == (1, 1, [])
    assert first_id == second_id == user.id


def test_a_user_deleted_after_verification_is_a_401_on_first_use(app: Flask, user: User) -> None:
    token = start_session(user).access_token

    with app.test_request_context(headers=with_token(token)):
        verify_jwt_in_request()
        db.session.delete(user)
        db.session.flush()
        db.session.expunge_all()
        with pytest.raises(AuthenticationError):
            get_current_user().id  # noqa: B018 (the first use loads the row)


def test_a_deactivated_users_token_is_refused_at_verification(app: Flask, user: User) -> None:
    token = start_session(user).access_token
    user.is_active = False
    db.session.commit()

    with pytest.raises(UserLookupError):
        verify(app, token)


@pytest.mark.parametrize("kind", ["access", "refresh"])
def test_a_token_of_an_ended_session_is_refused_at_verification(
    app: Flask, user: User, kind: str
) -> None:
    tokens = start_session(user)
    token = tokens.access_token if kind == "access" else tokens.refresh_token
    end_session(session_id_of(token))

    with pytest.raises(RevokedTokenError):
        verify(app, token, kind)


def test_a_deleted_users_token_is_refused_at_verification(app: Flask, user: User) -> None:
    token = start_session(user).access_token
    db.session.delete(user)
    db.session.commit()

    with pytest.raises(RevokedTokenError):
        verify(app, token)


@pytest.mark.parametrize(
    "claims",
    [
        {},
        {"family": "not-a-uuid"},
        {"family": 42},
        {"family": None},
        {"family": "00000000-0000-4000-8000-000000000000"},
    ],
    ids=["no family", "not a uuid", "a number", "null", "an unknown session"],
)
@pytest.mark.parametrize("kind", ["access", "refresh"])
def test_a_well_signed_token_without_a_live_session_claim_is_revoked(
    app: Flask, user: User, claims: dict[str, Any], kind: str
) -> None:
    make = create_access_token if kind == "access" else create_refresh_token
    token = make(identity=str(user.id), additional_claims=claims)

    with pytest.raises(RevokedTokenError):
        verify(app, token, kind)


def test_a_subject_that_is_not_a_uuid_is_revoked(app: Flask, user: User) -> None:
    session = {"family": str(session_id_of(start_session(user).access_token))}
    token = create_access_token(identity="not-a-uuid", additional_claims=session)

    with pytest.raises(RevokedTokenError):
        verify(app, token)


def session_id_of(token: str) -> uuid.UUID:
    return uuid.UUID(decode_token(token)["family"])
