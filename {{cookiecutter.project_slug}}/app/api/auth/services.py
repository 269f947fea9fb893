"""Sign-in, refresh-token rotation with reuse detection, and sign-out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token

from app.api.auth.passwords import verify_password
from app.api.auth.sessions import revoke_family
from app.api.users.services import find_user_by_email
from app.errors import AuthenticationError
from app.extensions import db
from app.models import RefreshTokenFamily, User
from app.models.base import utc_now
from app.models.refresh_token_family import USER_AGENT_MAX_LENGTH
from app.transaction import transaction


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


def authenticate(*, email: str, password: str) -> User:
    """The active user with these credentials; one message for every failure."""
    user = find_user_by_email(email)
    password_hash = user.password_hash if user is not None else None
    if not verify_password(password_hash, password) or user is None or not user.is_active:
        raise AuthenticationError("The email or password is wrong.")
    return user


def start_session(user: User, user_agent: str | None = None) -> TokenPair:
    """Open a new refresh-token family for ``user`` and issue its first tokens."""
    agent = user_agent[:USER_AGENT_MAX_LENGTH] if user_agent else None
    family = RefreshTokenFamily(user_id=user.id, current_jti=new_jti(), user_agent=agent)
    with transaction():
        db.session.add(family)
    return issue_tokens(family)


def rotate_refresh_token(claims: dict[str, Any]) -> TokenPair:
    """Swap a refresh token for a new pair; a replayed token ends its family."""
    family = find_live_family(claims)
    if family.current_jti != claims["jti"]:
        revoke_family(family)
        raise AuthenticationError("This refresh token was already used; sign in again.")
    with transaction():
        family.current_jti = new_jti()
        family.updated_at = utc_now()
    return issue_tokens(family)


def end_session(claims: dict[str, Any]) -> None:
    """Sign out: revoke the family of this refresh token."""
    revoke_family(find_live_family(claims))


def find_live_family(claims: dict[str, Any]) -> RefreshTokenFamily:
    """The token's family, locked for update; 401 if it is unknown or revoked."""
    family = db.session.get(RefreshTokenFamily, uuid.UUID(claims["family"]), with_for_update=True)
    if family is None or family.is_revoked:
        raise AuthenticationError("This session has ended; sign in again.")
    return family


def issue_tokens(family: RefreshTokenFamily) -> TokenPair:
    identity = str(family.user_id)
    session = {"family": str(family.id)}  # access tokens name their session too
    claims = {"jti": family.current_jti} | session
    lifetime = current_app.config["JWT_ACCESS_TOKEN_EXPIRES"]
    return TokenPair(
        access_token=create_access_token(identity=identity, additional_claims=session),
        refresh_token=create_refresh_token(identity=identity, additional_claims=claims),
        expires_in=int(lifetime.total_seconds()),
    )


def new_jti() -> str:
    return str(uuid.uuid4())
