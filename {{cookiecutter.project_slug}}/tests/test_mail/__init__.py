"""The mail outbox and its delivery."""

from __future__ import annotations

from unittest.mock import patch

from app.models import OutboxMessage
from app.outbox import queue_mail
from app.transaction import transaction


def queue_one(to: str = "ada@example.com") -> OutboxMessage:
    """Queue a message in the transaction under way."""
    return queue_mail(to, "Hello", "password_changed", email=to, changed_at="today")


def queue_without_handing_over() -> OutboxMessage:
    """Queue and commit a message that nobody tries to send, as if its sender never ran."""
    with patch("app.outbox.hand_over"), transaction():
        return queue_one()
