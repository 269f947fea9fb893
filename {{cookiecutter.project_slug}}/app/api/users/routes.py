"""User endpoints under /api/v1/users."""

from __future__ import annotations

from flask import Response, jsonify
from flask_jwt_extended import current_user, jwt_required

from app.api import openapi
from app.api.users.schemas import UserResponseSchema

bp = openapi.Blueprint("users", __name__, url_prefix="/api/v1/users")
user_schema = UserResponseSchema()


@bp.before_request
@jwt_required()
def require_access_token() -> None:
    """Every users endpoint needs a signed-in user."""


@bp.get("/me")
@bp.response(200, openapi.envelope(UserResponseSchema))
def get_current_user() -> tuple[Response, int]:
    """Show the signed-in user."""
    return jsonify(data=user_schema.dump(current_user)), 200
