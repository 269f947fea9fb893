"""Signed, expiring tokens for the links in mail (itsdangerous, keyed by SECRET_KEY)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer

from app.api.users.services import find_active_user
from app.errors import AuthenticationError
from app.models import User

# Each kind of link is signed with its own salt, so one cannot pass for another.
RESET_SALT = "password-reset"
INVALID_LINK = "The link is invalid or has expired; ask for a new one."


def password_reset_token(user: User) -> str:
    """A token that works until it expires or the password changes, whichever is first."""
    claims = {"user": str(user.id), "password": fingerprint(user.password_hash)}
    return serializer(RESET_SALT).dumps(claims)


def user_of_password_reset_token(token: str) -> User:
    """The user ``token`` was made for; 401 if it is forged, expired or already used."""
    claims = read(RESET_SALT, token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = user_of(claims)
    if claims.get("password") != fingerprint(user.password_hash):
        raise invalid_link()
    return user


def link_to(page: str, token: str) -> str:
    """The front-end page that takes ``token``: ``<LINK_BASE_URL>/<page>?token=...``."""
    return f"{current_app.config['LINK_BASE_URL'].rstrip('/')}/{page}?token={token}"


def serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def read(purpose: str, token: str, max_age: timedelta) -> dict[str, Any]:
    try:
        claims = serializer(purpose).loads(token, max_age=int(max_age.total_seconds()))
    except BadData:
        raise invalid_link() from None
    if not isinstance(claims, dict):
        raise invalid_link()
    return claims


def user_of(claims: dict[str, Any]) -> User:
    try:
        user = find_active_user(uuid.UUID(str(claims.get("user"))))
    except ValueError:
        user = None
    if user is None:
        raise invalid_link()
    return user


def fingerprint(password_hash: str) -> str:
    """Changes with the password, and tells nothing about it."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def invalid_link() -> AuthenticationError:
    """A link token is a credential: a bad one is a 401, like a bad password."""
    return AuthenticationError(INVALID_LINK)
