"""Email verification: a signed link at sign-up; writes wait until it is followed."""

from __future__ import annotations

from flask import current_app, request
from flask_jwt_extended import get_current_user, verify_jwt_in_request

from app.api.auth import links
from app.api.users.services import create_user
from app.errors import ConflictError, PermissionDeniedError
from app.middleware import READ_ONLY_METHODS
from app.models import User
from app.models.base import utc_now
from app.outbox import queue_mail
from app.transaction import transaction

VERIFY_SALT = "email-verification"


def sign_up(email: str, password: str) -> User:
    """Create an account and queue the link that verifies its email, in one transaction."""
    return create_user(email=email, password=password, with_user=queue_verification_link)


def send_verification_link(user: User) -> None:
    """Mail ``user`` a new link that proves they own their address."""
    if user.is_verified:
        raise ConflictError("This email is already verified.")
    with transaction():
        queue_verification_link(user)


def queue_verification_link(user: User) -> None:
    claims = {"user": str(user.id), "email": user.email}
    token = links.serializer(VERIFY_SALT).dumps(claims)
    hours = int(current_app.config["EMAIL_VERIFICATION_MAX_AGE"].total_seconds() // 3600)
    context = {"email": user.email, "link": links.link_to("verify-email", token), "hours": hours}
    queue_mail(user.email, "Confirm your email", "verify_email", **context)


def verify_email(token: str) -> None:
    """Mark the address of the link's user verified; 401 if the link is bad or stale."""
    max_age = current_app.config["EMAIL_VERIFICATION_MAX_AGE"]
    claims = links.read(VERIFY_SALT, token, max_age)
    user = links.user_of(claims)
    if claims.get("email") != user.email:
        raise links.invalid_link()
    if not user.is_verified:
        with transaction():
            user.email_verified_at = utc_now()


def require_verified_email_for_writes() -> None:
    """403 on a write, outside /api/v1/auth, by a user whose email is not verified yet.

    Runs before every request (see app.api.auth.verification_routes); a request
    without a token is left to the route's own ``jwt_required``.
    """
    if request.method in READ_ONLY_METHODS or request.blueprint == "auth":
        return
    verify_jwt_in_request(optional=True)
    user: User | None = get_current_user()
    if user is not None and not user.is_verified:
        raise PermissionDeniedError("Verify your email address first: follow the link we sent.")
