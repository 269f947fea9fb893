"""Email verification's routes, on the blueprint of ``app.api.auth.routes``: follow the
link mailed at sign-up, or ask for a new one. Until then, writes elsewhere are refused."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify
from flask.blueprints import BlueprintSetupState
from flask_jwt_extended import current_user, jwt_required

from app.api import openapi
from app.api.auth import verification
from app.api.auth.routes import bp
from app.api.auth.schemas import AcceptedSchema, LinkTokenSchema
from app.extensions import limiter

VERIFICATION_SENT = "A new link to verify your email is on its way."


@bp.record_once
def require_verified_emails(state: BlueprintSetupState) -> None:
    state.app.before_request(verification.require_verified_email_for_writes)


@bp.post("/verify")
@bp.public
@bp.arguments(LinkTokenSchema)
@bp.no_content
@bp.errors(401)
def verify_email(fields: dict[str, Any]) -> tuple[str, int]:
    """Verify the account's email with the token of the link sent at sign-up."""
    verification.verify_email(fields["token"])
    return "", 204


@bp.post("/verify/resend")
@bp.response(202, openapi.envelope(AcceptedSchema))
@bp.errors(409)
@limiter.limit(lambda: current_app.config["VERIFICATION_RESEND_RATE_LIMIT"])
@jwt_required()
def resend_verification_link() -> tuple[Response, int]:
    """Mail the signed-in user a new verification link."""
    verification.send_verification_link(current_user)
    return jsonify(data={"message": VERIFICATION_SENT}), 202
