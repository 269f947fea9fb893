"""User endpoints under /api/v1/users: one's own account, and accounts for admins."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Response, current_app, jsonify
from flask_jwt_extended import current_user, jwt_required

from app.api import openapi, pagination
from app.api.users import services
from app.api.users.schemas import UserResponseSchema, UserStatusSchema
from app.extensions import limiter

bp = openapi.Blueprint("users", __name__, url_prefix="/api/v1/users")
user_schema = UserResponseSchema()
page_schema = UserResponseSchema(many=True)
# Account management gets the stricter limit of the auth endpoints.
account_limit = limiter.limit(lambda: current_app.config["AUTH_RATE_LIMIT"])


@bp.before_request
@jwt_required()
def require_access_token() -> None:
    """Every users endpoint needs a signed-in user."""


@bp.get("/me")
@bp.response(200, openapi.envelope(UserResponseSchema))
def get_current_user() -> tuple[Response, int]:
    """Show the signed-in user."""
    return jsonify(data=user_schema.dump(current_user)), 200


@bp.get("")
@bp.arguments(pagination.PageQuerySchema, location="query", as_kwargs=True)
@bp.response(200, openapi.page_envelope(UserResponseSchema))
@bp.errors(403)
@account_limit
def list_users(page: int, per_page: int) -> tuple[Response, int]:
    """List every account, newest first (admins only)."""
    services.require_admin(current_user)
    found = services.list_users(page, per_page)
    return jsonify(data=page_schema.dump(found.items), meta=pagination.page_meta(found)), 200


@bp.patch("/<uuid:user_id>")
@bp.arguments(UserStatusSchema)
@bp.response(200, openapi.envelope(UserResponseSchema))
@bp.errors(403, 404, 409)
@account_limit
def update_user(changes: dict[str, Any], user_id: UUID) -> tuple[Response, int]:
    """Activate or deactivate an account (admins only); its tokens stop working at once."""
    services.require_admin(current_user)
    user = services.set_active(user_id, changes["is_active"], current_user)
    return jsonify(data=user_schema.dump(user)), 200
