"""Sending the mail of the outbox (app/outbox.py) through SMTP, at least once.

A sender claims a due message for ``MAIL_CLAIM_SECONDS``, so that two senders do
not send it together, sends it, then marks it sent. A failure records the error and
when to try again: ``MAIL_RETRY_DELAY`` doubled at each attempt, at most
``MAIL_RETRY_MAX_DELAY``. A sender that dies between sending and marking leaves the
message to be sent again once its claim runs out: the copy carries the same
Message-ID, by which mail clients show it once. No SMTP connection is made while a
transaction is open, and none waits longer than ``MAIL_TIMEOUT`` for the server.

With ``MAIL_SUPPRESS_SEND`` (development and tests) nothing leaves the process:
development logs each message, and it counts as sent.
"""

from __future__ import annotations

import smtplib
import uuid
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta

import flask_mail
from flask import current_app
from flask_mail import Message
from sqlalchemy import delete, select, update

from app.extensions import db
from app.models import OutboxMessage
from app.models.base import utc_now
from app.transaction import transaction

LAST_ERROR_LENGTH = 500


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int


class MailNotSent(Exception):  # noqa: N818 (a fact, not an error of the code)
    """SMTP failed; the outbox keeps the message and tries again at ``retry_at``."""

    def __init__(self, message_id: uuid.UUID, retry_at: datetime) -> None:
        super().__init__(f"Mail {message_id} not sent; next attempt at {retry_at.isoformat()}")
        self.retry_at = retry_at


def deliver(message_id: uuid.UUID) -> bool:
    """Send the message if it is due and nobody else holds it; True once it is sent.

    Raises MailNotSent, from what SMTP raised, after recording the failure.
    """
    message = claim(message_id)
    if message is None:
        return False
    try:
        send(message)
    except Exception as error:
        raise MailNotSent(message.id, record_failure(message, error)) from error
    mark_sent(message.id)
    return True


def deliver_due(limit: int = 1000) -> DeliveryReport:
    """Send every message that is due; failures stay for a later attempt."""
    return deliver_each(due_message_ids(limit))


def deliver_each(message_ids: list[uuid.UUID]) -> DeliveryReport:
    """Send the messages one by one; a failure is logged and kept for a later attempt."""
    sent = failed = 0
    for message_id in message_ids:
        try:
            sent += deliver(message_id)
        except MailNotSent:
            current_app.logger.warning("Mail %s not sent", message_id, exc_info=True)
            failed += 1
    return DeliveryReport(sent=sent, failed=failed)


def due_message_ids(limit: int) -> list[uuid.UUID]:
    """Messages not sent yet whose next attempt is due, oldest first."""
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= utc_now())
        .order_by(OutboxMessage.next_attempt_at)
        .limit(limit)
    )
    with transaction():
        return list(db.session.scalars(due))


def prune_sent(older_than: timedelta) -> int:
    """Delete the messages sent more than ``older_than`` ago; how many went."""
    with transaction():
        result = db.session.execute(
            delete(OutboxMessage).where(OutboxMessage.sent_at < utc_now() - older_than)
        )
    return int(result.rowcount)  # type: ignore[attr-defined]


def claim(message_id: uuid.UUID) -> OutboxMessage | None:
    """Take the message for one attempt, or None if it is sent, held or not due."""
    now = utc_now()
    hold = timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"])
    claimed = (
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.next_attempt_at <= now,
        )
        .values(attempts=OutboxMessage.attempts + 1, next_attempt_at=now + hold)
        .returning(OutboxMessage)
        .execution_options(synchronize_session=False)
    )
    with transaction():
        return db.session.scalar(claimed)


def send(message: OutboxMessage) -> None:
    outgoing = Message(subject=message.subject, recipients=[message.recipient], body=message.body)
    outgoing.msgId = message.message_id
    if current_app.config["MAIL_SUPPRESS_SEND"]:
        details = {"to": message.recipient, "subject": message.subject, "body": message.body}
        current_app.logger.info("Mail not sent (MAIL_SUPPRESS_SEND)", extra=details)
    with Connection(current_app.extensions["mail"]) as connection:
        connection.send(outgoing)


class Connection(flask_mail.Connection):
    """Flask-Mail's SMTP connection, with ``MAIL_TIMEOUT`` on every socket operation:
    a server that accepts and then never answers fails the attempt instead of holding
    the process for good. Flask-Mail 0.10 has no timeout of its own."""

    def configure_host(self) -> smtplib.SMTP:
        smtp = smtplib.SMTP_SSL if self.mail.use_ssl else smtplib.SMTP
        timeout = current_app.config["MAIL_TIMEOUT"]
        host = smtp(self.mail.server, self.mail.port, timeout=timeout)
        if self.mail.use_tls:
            host.starttls()
        if self.mail.username and self.mail.password:
            host.login(self.mail.username, self.mail.password)
        return host

    def __exit__(self, *_exception: object) -> None:
        """Say QUIT, if the server still listens. Once a message is accepted, a failed
        QUIT cannot take it back, and after a failure it would hide the real error."""
        if self.host is not None:
            with suppress(smtplib.SMTPException, OSError):
                self.host.quit()


def mark_sent(message_id: uuid.UUID) -> None:
    change(message_id, sent_at=utc_now(), last_error=None)


def record_failure(message: OutboxMessage, error: Exception) -> datetime:
    """Keep what went wrong; when the next attempt is due."""
    retry_at = utc_now() + retry_delay(message.attempts)
    last_error = f"{type(error).__name__}: {error}"[:LAST_ERROR_LENGTH]
    change(message.id, last_error=last_error, next_attempt_at=retry_at)
    return retry_at


def change(message_id: uuid.UUID, **values: object) -> None:
    """Set ``values`` on the message, in a transaction of their own."""
    with transaction():
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt."""
    first = current_app.config["MAIL_RETRY_DELAY"]
    longest = current_app.config["MAIL_RETRY_MAX_DELAY"]
    return timedelta(seconds=min(longest, first * 2 ** max(attempts - 1, 0)))
