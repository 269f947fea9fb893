"""How Flask-JWT-Extended finds the current user and reports token failures.

The library answers most token errors with 422 ``{"msg": ...}``; every one of
them is a 401 in the error envelope here.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import Response
from flask_jwt_extended import JWTManager

from app.api.users.services import find_active_user
from app.errors import error_response
from app.models import User

ErrorResponse = tuple[Response, int]


def register_jwt_callbacks(jwt: JWTManager) -> None:
    jwt.user_lookup_loader(load_user)
    jwt.user_lookup_error_loader(user_not_found)
    jwt.unauthorized_loader(token_missing)
    jwt.invalid_token_loader(token_invalid)
    jwt.expired_token_loader(token_expired)
    jwt.revoked_token_loader(token_revoked)
    jwt.needs_fresh_token_loader(fresh_token_required)


def load_user(_header: dict[str, Any], claims: dict[str, Any]) -> User | None:
    """``current_user``: the token's active user, or None (then a 401)."""
    try:
        return find_active_user(uuid.UUID(claims["sub"]))
    except ValueError:
        return None


def token_missing(reason: str) -> ErrorResponse:
    if "CSRF" in reason:  # token cookies without the matching X-CSRF-TOKEN header
        return unauthorized("csrf_failed", "Send the CSRF cookie's value in X-CSRF-TOKEN.")
    return unauthorized("token_missing", "A Bearer token is required.")


def token_invalid(reason: str) -> ErrorResponse:
    return unauthorized("token_invalid", "The token is invalid.")


def token_expired(_header: dict[str, Any], _claims: dict[str, Any]) -> ErrorResponse:
    return unauthorized("token_expired", "The token has expired.")


def token_revoked(_header: dict[str, Any], _claims: dict[str, Any]) -> ErrorResponse:
    return unauthorized("token_revoked", "The token has been revoked.")


def fresh_token_required(_header: dict[str, Any], _claims: dict[str, Any]) -> ErrorResponse:
    return unauthorized("fresh_token_required", "Sign in again to do this.")


def user_not_found(_header: dict[str, Any], _claims: dict[str, Any]) -> ErrorResponse:
    return unauthorized("user_not_found", "The account of this token no longer exists.")


def unauthorized(code: str, message: str) -> ErrorResponse:
    return error_response(401, code, message)
