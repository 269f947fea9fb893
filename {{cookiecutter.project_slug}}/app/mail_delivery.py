"""Delivery without a task queue: the web process sends each message itself, once
the response has gone, so the client never waits for SMTP. What fails stays in the
outbox for ``flask mail deliver``, which cron runs (see the README)."""

from __future__ import annotations

import uuid

from app import mail


def hand_over(message_ids: list[uuid.UUID]) -> None:
    """Send the messages now; a failure is recorded and logged, not raised."""
    mail.deliver_each(message_ids)
