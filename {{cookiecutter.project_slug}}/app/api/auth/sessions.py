"""A user's sessions: the refresh-token families, one per sign-in.

Every token, access or refresh, names its session in a ``family`` claim, and a
token works only while its session is live: ending a session (sign-out, a replayed
refresh token, a password change or reset, deactivation) stops its access tokens
on their next request too, not when they expire.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from functools import cache, partial
from typing import Any, NamedTuple, cast

from sqlalchemy import ColumnElement, bindparam, func, select, update
from werkzeug.local import LocalProxy

from app.errors import AuthenticationError, ResourceNotFoundError
from app.extensions import db
from app.models import RefreshTokenFamily, User
from app.models.base import utc_now
from app.transaction import transaction

# Run for every request with a token, so built once: SQLAlchemy then reuses its
# compiled form. One round trip reads whether the session has ended and whether its
# user is active; no ORM object is built (``user_of`` loads the user when needed).
SESSION_STATE = (
    select(User.is_active, RefreshTokenFamily.revoked_at)
    .join(RefreshTokenFamily, RefreshTokenFamily.user_id == User.id)
    .where(User.id == bindparam("user_id"), RefreshTokenFamily.id == bindparam("session_id"))
)


class SessionState(NamedTuple):
    user_id: uuid.UUID
    user_is_active: bool
    is_live: bool


def session_of(claims: Mapping[str, Any]) -> tuple[uuid.UUID, uuid.UUID] | None:
    """The (user id, session id) a token names; None if a claim is missing or malformed."""
    user_id, session_id = claims.get("sub"), claims.get("family")
    if not (isinstance(user_id, str) and isinstance(session_id, str)):
        return None
    try:
        return uuid.UUID(user_id), uuid.UUID(session_id)
    except ValueError:
        return None


def state_of_session(claims: Mapping[str, Any]) -> SessionState | None:
    """Whether the token's session is live and its user active; None if the token names
    no session of that user."""
    named = session_of(claims)
    if named is None:
        return None
    user_id, session_id = named
    ids = {"user_id": user_id, "session_id": session_id}
    found = db.session.connection().execute(SESSION_STATE, ids).one_or_none()
    if found is None:
        return None
    return SessionState(user_id, found.is_active, is_live=found.revoked_at is None)


def user_of(session: SessionState) -> User:
    """The session's user, read from the database on first use and kept for the rest
    of the request: a request that never names ``current_user`` builds no ORM object."""
    return cast(User, LocalProxy(cache(partial(load_user, session.user_id))))


def load_user(user_id: uuid.UUID) -> User:
    user = db.session.get(User, user_id)
    if user is None:  # deleted since the session check, moments ago
        raise AuthenticationError
    return user


def list_sessions(user: User) -> list[RefreshTokenFamily]:
    """The user's sessions that can still refresh, most recently used first."""
    query = (
        select(RefreshTokenFamily)
        .where(RefreshTokenFamily.user_id == user.id)
        .order_by(RefreshTokenFamily.updated_at.desc(), RefreshTokenFamily.id)
    )
    return [family for family in db.session.scalars(query) if not family.is_revoked]


def end_session_of(user: User, session_id: uuid.UUID) -> None:
    """Revoke one of the user's sessions; 404 if it is not theirs or already ended."""
    family = db.session.get(RefreshTokenFamily, session_id, with_for_update=True)
    if family is None or family.user_id != user.id or family.is_revoked:
        raise ResourceNotFoundError("Session not found.")
    end_session(session_id)


def end_session(session_id: uuid.UUID) -> None:
    """Revoke one session: its refresh and access tokens stop working."""
    query = update(RefreshTokenFamily).where(RefreshTokenFamily.id == session_id)
    with transaction():
        db.session.execute(query.values(revoked_at=revoked_now()))


def end_sessions_of(user: User, keep: uuid.UUID | None = None) -> None:
    """Revoke every session of ``user`` but ``keep``: no other device can refresh."""
    others = (RefreshTokenFamily.id != keep,) if keep is not None else ()
    query = update(RefreshTokenFamily).where(RefreshTokenFamily.user_id == user.id, *others)
    with transaction():
        db.session.execute(query.values(revoked_at=revoked_now()))


def revoked_now() -> ColumnElement[datetime]:
    """Now, for a session that has not ended yet; one that has keeps its time."""
    return func.coalesce(RefreshTokenFamily.revoked_at, utc_now())
