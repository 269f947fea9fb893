"""Sign-in, refresh-token rotation with reuse detection, and sign-out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token
from sqlalchemy import update

from app.api.auth.passwords import verify_password
from app.api.auth.sessions import end_session, session_of
from app.api.users.services import find_user_by_email
from app.errors import AuthenticationError
from app.extensions import db
from app.models import RefreshTokenFamily, User
from app.models.base import utc_now
from app.models.refresh_token_family import USER_AGENT_MAX_LENGTH
from app.transaction import release_locks, transaction


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


def authenticate(*, email: str, password: str) -> User:
    """The active user with these credentials; one message for every failure."""
    user = find_user_by_email(email)
    release_locks()
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
    """Swap a refresh token for a new pair, once.

    The swap is one conditional UPDATE, so of two requests that present the same
    token at once exactly one wins; the other, like any later replay, finds the
    token already spent and ends the session, whose tokens then all stop working.
    """
    _user_id, session_id = named_session(claims)
    swap = (
        update(RefreshTokenFamily)
        .where(
            RefreshTokenFamily.id == session_id,
            RefreshTokenFamily.current_jti == claims.get("jti"),
        )
        .values(current_jti=new_jti(), updated_at=utc_now())
        .returning(RefreshTokenFamily)
    )
    with transaction():
        family = db.session.scalar(swap)
    if family is None:
        end_session(session_id)
        raise AuthenticationError("This refresh token was already used; sign in again.")
    if family.is_revoked:  # ended by another request since this one's token was checked
        raise AuthenticationError("This session has ended; sign in again.")
    return issue_tokens(family)


def sign_out(claims: dict[str, Any]) -> None:
    """End the session of this refresh token."""
    _user_id, session_id = named_session(claims)
    end_session(session_id)


def named_session(claims: dict[str, Any]) -> tuple[uuid.UUID, uuid.UUID]:
    """The (user id, session id) of a token; 401 if it names none."""
    named = session_of(claims)
    if named is None:
        raise AuthenticationError("This session has ended; sign in again.")
    return named


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
