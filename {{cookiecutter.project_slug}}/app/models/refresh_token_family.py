"""Refresh-token families: one per sign-in, rotated on every refresh."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Model

USER_AGENT_MAX_LENGTH = 256


class RefreshTokenFamily(Model):
    """The chain of refresh tokens issued from one sign-in.

    Only ``current_jti`` is valid. Presenting an older token of the family means
    it was stolen or replayed, so the whole family is revoked.
    """

    __tablename__ = "refresh_token_families"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    current_jti: Mapped[str] = mapped_column(String(36), unique=True, index=True)
    revoked_at: Mapped[datetime | None]
    # The sign-in's browser or client, to tell sessions apart; ``updated_at`` is its
    # last refresh.
    user_agent: Mapped[str | None] = mapped_column(String(USER_AGENT_MAX_LENGTH))

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
