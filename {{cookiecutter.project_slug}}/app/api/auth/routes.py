"""Register, sign in, refresh and sign out under /api/v1/auth."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Response, current_app, jsonify
from flask.blueprints import BlueprintSetupState
from flask_jwt_extended import get_jwt, jwt_required

from app.api import openapi
from app.api.auth import services
from app.api.auth.jwt_callbacks import register_jwt_callbacks
from app.api.auth.schemas import LoginSchema, TokenResponseSchema
from app.api.users.schemas import CreateUserSchema, UserResponseSchema
from app.api.users.services import create_user
from app.extensions import jwt, limiter

bp = openapi.Blueprint("auth", __name__, url_prefix="/api/v1/auth")
# Stricter than the app-wide default: these endpoints are what attackers hammer.
limiter.limit(lambda: current_app.config["AUTH_RATE_LIMIT"])(bp)

token_schema = TokenResponseSchema()


@bp.record_once
def install_jwt_callbacks(_state: BlueprintSetupState) -> None:
    register_jwt_callbacks(jwt)


@bp.post("/register")
@bp.public
@bp.arguments(CreateUserSchema)
@bp.response(201, openapi.envelope(UserResponseSchema))
@bp.errors(409)
def register(fields: dict[str, Any]) -> tuple[Response, int]:
    """Create an account."""
    user = create_user(**fields)
    return jsonify(data=UserResponseSchema().dump(user)), 201


@bp.post("/login")
@bp.public
@bp.arguments(LoginSchema)
@bp.response(200, openapi.envelope(TokenResponseSchema))
@bp.errors(401)
def login(credentials: dict[str, Any]) -> tuple[Response, int]:
    """Exchange email and password for an access and a refresh token."""
    user = services.authenticate(**credentials)
    tokens = services.start_session(user)
    return jsonify(data=token_schema.dump(asdict(tokens))), 200


@bp.post("/refresh")
@bp.refresh_token
@bp.response(200, openapi.envelope(TokenResponseSchema))
@jwt_required(refresh=True)
def refresh() -> tuple[Response, int]:
    """Trade the refresh token (as Bearer) for a new pair; it can be used once."""
    tokens = services.rotate_refresh_token(get_jwt())
    return jsonify(data=token_schema.dump(asdict(tokens))), 200


@bp.post("/logout")
@bp.refresh_token
@bp.alt_response(204, success=True)  # documents only: "" stays the body
@jwt_required(refresh=True)
def logout() -> tuple[str, int]:
    """End the session of the refresh token given as Bearer."""
    services.end_session(get_jwt())
    return "", 204
