"""A user's sessions: the live refresh-token families, one per sign-in."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, update

from app.errors import ResourceNotFoundError
from app.extensions import db
from app.models import RefreshTokenFamily, User
from app.models.base import utc_now
from app.transaction import transaction


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
    revoke_family(family)


def revoke_family(family: RefreshTokenFamily) -> None:
    """End one session: its refresh tokens stop working."""
    with transaction():
        family.revoked_at = utc_now()


def end_sessions_of(user: User, keep: uuid.UUID | None = None) -> None:
    """Revoke every session of ``user`` but ``keep``: no other device can refresh."""
    others = (RefreshTokenFamily.id != keep,) if keep is not None else ()
    # Families revoked before keep the time they ended.
    revoked_at = func.coalesce(RefreshTokenFamily.revoked_at, utc_now())
    query = update(RefreshTokenFamily).where(RefreshTokenFamily.user_id == user.id, *others)
    with transaction():
        db.session.execute(query.values(revoked_at=revoked_at))
