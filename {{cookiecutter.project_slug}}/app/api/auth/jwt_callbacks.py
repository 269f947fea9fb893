"""How Flask-JWT-Extended checks a token's session, finds the current user and
reports token failures.

The library answers most token errors with 422 ``{"msg": ...}``; every one of
them is a 401 in the error envelope here.
"""

from __future__ import annotations

from typing import Any

from flask import Response, g
from flask_jwt_extended import JWTManager

from app.api.auth.sessions import state_of_session, user_of
from app.errors import error_response
from app.models import User

ErrorResponse = tuple[Response, int]


def register_jwt_callbacks(jwt: JWTManager) -> None:
    jwt.token_in_blocklist_loader(session_has_ended)
    jwt.user_lookup_loader(load_user)
    jwt.user_lookup_error_loader(user_not_found)
    jwt.unauthorized_loader(token_missing)
    jwt.invalid_token_loader(token_invalid)
    jwt.expired_token_loader(token_expired)
    jwt.revoked_token_loader(token_revoked)
    jwt.needs_fresh_token_loader(fresh_token_required)


def session_has_ended(_header: dict[str, Any], claims: dict[str, Any]) -> bool:
    """A token is revoked (401) unless it names a live session of its user.

    The library runs this before ``load_user``, which takes the state read here:
    one light query per request checks the session and the user's state.
    """
    g.token_session = state_of_session(claims)
    return g.token_session is None or not g.token_session.is_live


def load_user(_header: dict[str, Any], _claims: dict[str, Any]) -> User | None:
    """``current_user``: the token's user, or None (then a 401) if deactivated."""
    session = g.token_session
    return user_of(session) if session.user_is_active else None


def token_missing(reason: str) -> ErrorResponse:
    if "CSRF" in reason:  # token cookies without the matching X-CSRF-TOKEN header
        return unauthorized("csrf_failed", "Send the CSRF cookie's value in X-CSRF-TOKEN.")
    return unauthorized("token_missing", "A Bearer token is required.")


def token_invalid(reason: str) -> ErrorResponse:
    return unauthorized("token_invalid", "The token is invalid.")


def token_expired(_header: dict[str, Any], _claims: dict[str, Any]) -> ErrorResponse:
    return unauthorized("token_expired", "The token has expired.")


def token_revoked(_header: dict[str, Any], _claims: dict[str, Any]) -> ErrorResponse:
    return unauthorized("token_revoked", "This session has ended; sign in again.")


def fresh_token_required(_header: dict[str, Any], _claims: dict[str, Any]) -> ErrorResponse:
    return unauthorized("fresh_token_required", "Sign in again to do this.")


def user_not_found(_header: dict[str, Any], _claims: dict[str, Any]) -> ErrorResponse:
    return unauthorized("user_not_found", "The account of this token is deactivated.")


def unauthorized(code: str, message: str) -> ErrorResponse:
    return error_response(401, code, message)
