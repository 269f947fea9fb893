"""A mail message in the outbox: written in the transaction of the change that causes
it, so it exists exactly when that change was committed, and sent after (app/mail.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Model, utc_now


class OutboxMessage(Model):
    """One message to one recipient, and how its delivery goes."""

    __tablename__ = "outbox_messages"

    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # The Message-ID header: the same on every copy, so a duplicate shows once.
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    # Not before then: a sender holds it until then, or it waits after a failure.
    # Senders look for due messages, pruning for messages sent long ago.
    next_attempt_at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(index=True)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.subject!r} to {self.recipient}>"
