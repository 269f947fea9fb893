"""Accounts and sessions under /api/v1/auth: register, sign in and out, refresh,
passwords, and the list of signed-in devices."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Response, current_app, jsonify, request
from flask.blueprints import BlueprintSetupState
from flask_jwt_extended import current_user, get_jwt, jwt_required

from app.api import openapi
from app.api.auth import accounts, services, sessions
from app.api.auth.{% if cookiecutter.auth == "jwt-cookies" %}cookie_tokens{% else %}bearer_tokens{% endif %} import TokenBody, with_tokens, without_tokens
from app.api.auth.jwt_callbacks import register_jwt_callbacks
from app.api.auth.schemas import (
    AcceptedSchema,
    LoginSchema,
    PasswordChangeSchema,
    PasswordResetRequestSchema,
    PasswordResetSchema,
    SessionResponseSchema,
)
from app.api.auth.{% if cookiecutter.email_verification %}verification{% else %}sign_up{% endif %} import sign_up
from app.api.users.schemas import CreateUserSchema, UserResponseSchema
from app.auth_extensions import jwt
from app.extensions import limiter

bp = openapi.Blueprint("auth", __name__, url_prefix="/api/v1/auth")
# Stricter than the app-wide default: these endpoints are what attackers hammer.
limiter.limit(lambda: current_app.config["AUTH_RATE_LIMIT"])(bp)

session_schema = SessionResponseSchema()
RESET_ACCEPTED = "If an account has this email, a link to reset its password is on its way."


@bp.record_once
def install_jwt_callbacks(_state: BlueprintSetupState) -> None:
    register_jwt_callbacks(jwt)


@bp.after_request
def keep_out_of_caches(response: Response) -> Response:
    """Keep every answer here out of browser and proxy caches (RFC 6749 §5.1).

    Tokens travel in these bodies and cookies, and the rest is private account data,
    so the whole blueprint is covered, errors included: no route can be forgotten.
    """
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"  # for HTTP/1.0 caches
    return response


@bp.post("/register")
@bp.public
@bp.arguments(CreateUserSchema)
@bp.response(201, openapi.envelope(UserResponseSchema))
@bp.errors(409)
def register(fields: dict[str, Any]) -> tuple[Response, int]:
    """Create an account{% if cookiecutter.email_verification %} and mail a link to verify its email{% endif %}."""
    user = sign_up(**fields)
    return jsonify(data=UserResponseSchema().dump(user)), 201


@bp.post("/login")
@bp.public
@bp.arguments(LoginSchema)
@bp.response(200, openapi.envelope(TokenBody))
@bp.errors(401)
def login(credentials: dict[str, Any]) -> tuple[Response, int]:
    """Exchange email and password for an access and a refresh token."""
    user = services.authenticate(**credentials)
    tokens = services.start_session(user, request.user_agent.string)
    return with_tokens(tokens), 200


@bp.post("/refresh")
@bp.refresh_token
@bp.response(200, openapi.envelope(TokenBody))
@jwt_required(refresh=True)
def refresh() -> tuple[Response, int]:
    """{% if cookiecutter.auth == "jwt-cookies" %}Trade the refresh token cookie for new cookies; each refresh token works once.{% else %}Trade the refresh token (as Bearer) for a new pair; it can be used once.{% endif %}"""
    tokens = services.rotate_refresh_token(get_jwt())
    return with_tokens(tokens), 200


@bp.post("/logout")
@bp.refresh_token
@bp.no_content
@jwt_required(refresh=True)
def logout() -> tuple[Response, int]:
    """{% if cookiecutter.auth == "jwt-cookies" %}End the session of the refresh token cookie, and delete the cookies.{% else %}End the session of the refresh token given as Bearer.{% endif %}"""
    services.sign_out(get_jwt())
    return without_tokens(), 204


@bp.post("/password-reset")
@bp.public
@bp.arguments(PasswordResetRequestSchema)
@bp.response(202, openapi.envelope(AcceptedSchema))
def request_password_reset(fields: dict[str, Any]) -> tuple[Response, int]:
    """Mail a password-reset link; the answer is the same whether the account exists."""
    accounts.request_password_reset(fields["email"])
    return jsonify(data={"message": RESET_ACCEPTED}), 202


@bp.post("/password-reset/confirm")
@bp.public
@bp.arguments(PasswordResetSchema)
@bp.no_content
@bp.errors(401)
def reset_password(fields: dict[str, Any]) -> tuple[str, int]:
    """Set a new password with the token of a reset link (once); every session ends."""
    accounts.reset_password(fields["token"], fields["password"])
    return "", 204


@bp.post("/password")
@bp.arguments(PasswordChangeSchema)
@bp.no_content
@jwt_required()
def change_password(fields: dict[str, Any]) -> tuple[str, int]:
    """Change the password; every other session of the account ends."""
    accounts.change_password(current_user, session=current_session_id(), **fields)
    return "", 204


@bp.get("/sessions")
@bp.response(200, openapi.list_envelope(SessionResponseSchema))
@jwt_required()
def list_signed_in_sessions() -> tuple[Response, int]:
    """List the account's signed-in devices, most recently used first."""
    current = current_session_id()
    shown = [
        session_schema.dump(family) | {"current": family.id == current}
        for family in sessions.list_sessions(current_user)
    ]
    return jsonify(data=shown), 200


@bp.delete("/sessions/<uuid:session_id>")
@bp.no_content
@bp.errors(404)
@jwt_required()
def end_session(session_id: uuid.UUID) -> tuple[str, int]:
    """Sign one device out: its refresh token stops working."""
    sessions.end_session_of(current_user, session_id)
    return "", 204


def current_session_id() -> uuid.UUID | None:
    """The session (refresh-token family) the request's access token was issued to."""
    family = get_jwt().get("family")
    return uuid.UUID(family) if isinstance(family, str) else None
{%- if cookiecutter.email_verification %}


# Email verification's routes join bp last, as they come last in the API document.
from app.api.auth import verification_routes  # noqa: E402, F401
{%- endif %}
