"""The mail outbox: a message is a row of the transaction that causes it, sent once
that transaction has committed, kept until SMTP takes it, and sent at least once."""

from __future__ import annotations

import socket
import time
from datetime import timedelta
from unittest.mock import patch

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_mail import Message
from sqlalchemy import select, update

from app import mail
from app.errors import ConflictError
from app.extensions import db
from app.models import OutboxMessage, User
from app.models.base import utc_now
from app.transaction import transaction
from tests.factories import DEFAULT_PASSWORD
from tests.test_mail import queue_one, queue_without_handing_over

CHANGE = "/api/v1/auth/password"
NEW_PASSWORD = "a brand new passphrase"


def stored(message: OutboxMessage) -> OutboxMessage | None:
    return db.session.get(OutboxMessage, message.id, populate_existing=True)


def make_due(message: OutboxMessage) -> None:
    with transaction():
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id)
            .values(next_attempt_at=utc_now() - timedelta(seconds=1))
        )


def test_nothing_is_sent_before_the_commit(sent_mail: list[Message]) -> None:
    with transaction():
        message = queue_one()
        assert sent_mail == []

    assert [sent.msgId for sent in sent_mail] == [message.message_id]
    row = stored(message)
    assert row is not None
    assert row.sent_at is not None


def queue_then_fail() -> None:
    with transaction():
        queue_one()
        raise ConflictError("The change failed.")


def test_a_rollback_takes_the_message_with_it(sent_mail: list[Message]) -> None:
    with pytest.raises(ConflictError):
        queue_then_fail()
    with transaction():
        pass  # a later commit must not send it either

    assert sent_mail == []
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_in_a_request_mail_waits_until_the_response_is_sent(
    signed_in_client: FlaskClient, user: User, sent_mail: list[Message]
) -> None:
    change = {"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}
    response = signed_in_client.post(CHANGE, json=change, buffered=False)

    assert response.status_code == 204
    assert sent_mail == []
    waiting = db.session.scalars(select(OutboxMessage.message_id)).all()  # committed
    db.session.rollback()  # the in-memory database has one connection for everyone
    response.close()
    [notice] = sent_mail
    assert (notice.subject, notice.recipients) == ("Your password was changed", [user.email])
    assert [notice.msgId] == waiting


def test_a_failed_attempt_is_kept_with_its_error_for_later(
    app: Flask, smtp_down: None, sent_mail: list[Message]
) -> None:
    message = queue_without_handing_over()

    with pytest.raises(mail.MailNotSent):
        mail.deliver(message.id)

    row = stored(message)
    assert row is not None
    assert (row.sent_at, row.attempts, sent_mail) == (None, 1, [])
    assert "ConnectionRefusedError" in (row.last_error or "")
    wait = row.next_attempt_at - utc_now()
    assert timedelta(seconds=app.config["MAIL_RETRY_DELAY"] - 5) < wait


def test_a_mail_server_that_never_answers_fails_the_attempt_after_mail_timeout(
    app: Flask, smtp_down: None
) -> None:
    message = queue_without_handing_over()
    with socket.socket() as silent, patch.dict(app.config, {"MAIL_TIMEOUT": 0.05}):
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # connections complete; no greeting ever comes
        started = time.monotonic()
        with (
            patch.object(app.extensions["mail"], "port", silent.getsockname()[1]),
            pytest.raises(mail.MailNotSent),
        ):
            mail.deliver(message.id)
        waited = time.monotonic() - started

    assert 0.05 <= waited < 5
    row = stored(message)
    assert row is not None
    assert "timed out" in (row.last_error or "")


def test_flask_mail_deliver_sends_what_was_kept(
    runner: FlaskCliRunner, smtp_down: None, app: Flask, sent_mail: list[Message]
) -> None:
    message = queue_without_handing_over()
    failed = runner.invoke(args=["mail", "deliver"])
    make_due(message)

    with patch.object(app.extensions["mail"], "suppress", True):  # SMTP is back
        delivered = runner.invoke(args=["mail", "deliver"])

    assert (failed.exit_code, failed.output) == (1, "Sent 0 message(s); 1 failed.\n")
    assert (delivered.exit_code, delivered.output) == (0, "Sent 1 message(s); 0 failed.\n")
    assert [sent.msgId for sent in sent_mail] == [message.message_id]
    row = stored(message)
    assert row is not None
    assert (row.attempts, row.last_error) == (2, None)


def test_a_message_held_by_one_sender_is_left_to_it(sent_mail: list[Message]) -> None:
    message = queue_without_handing_over()
    assert mail.claim(message.id) is not None

    assert mail.deliver(message.id) is False
    assert mail.deliver_due().sent == 0
    assert sent_mail == []


def test_a_sent_message_is_not_sent_again(sent_mail: list[Message]) -> None:
    with transaction():
        message = queue_one()
    make_due(message)

    assert mail.deliver(message.id) is False
    assert len(sent_mail) == 1


def test_a_sender_that_died_before_marking_leaves_a_copy_with_the_same_message_id(
    sent_mail: list[Message],
) -> None:
    message = queue_without_handing_over()
    with patch("app.mail.mark_sent", side_effect=SystemExit), pytest.raises(SystemExit):
        mail.deliver(message.id)  # sent, then the sender dies
    make_due(message)  # its claim has run out

    assert mail.deliver_due().sent == 1
    assert [sent.msgId for sent in sent_mail] == [message.message_id] * 2


def test_retry_delays_double_up_to_the_cap(app: Flask) -> None:
    settings = {"MAIL_RETRY_DELAY": 30, "MAIL_RETRY_MAX_DELAY": 3600}
    with patch.dict(app.config, settings):
        delays = [mail.retry_delay(attempts).total_seconds() for attempts in range(1, 10)]

    assert delays == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_prune_deletes_only_messages_sent_long_ago(runner: FlaskCliRunner) -> None:
    now = utc_now()
    ages = {"old": now - timedelta(days=40), "recent": now - timedelta(days=1), "unsent": None}
    with transaction():
        for subject, sent_at in ages.items():
            row = OutboxMessage(recipient="a@b.dev", subject=subject, body="", sent_at=sent_at)
            row.message_id = f"<{subject}@b.dev>"
            row.created_at = now - timedelta(days=60)
            db.session.add(row)

    result = runner.invoke(args=["mail", "prune"])

    assert result.output == "Deleted 1 message(s) sent more than 30 day(s) ago.\n"
    kept = db.session.scalars(select(OutboxMessage.subject).order_by(OutboxMessage.subject))
    assert kept.all() == ["recent", "unsent"]
    assert runner.invoke(args=["mail", "prune", "--days", "0"]).output.startswith("Deleted 1 ")


def test_suppressed_mail_is_logged_and_no_smtp_connection_is_made(
    app: Flask, caplog: pytest.LogCaptureFixture, sent_mail: list[Message]
) -> None:
    with (
        caplog.at_level("INFO", logger=app.logger.name),
        patch("smtplib.SMTP", side_effect=AssertionError("SMTP used")),
        transaction(),
    ):
        queue_one()

    assert len(sent_mail) == 1
    assert "MAIL_SUPPRESS_SEND" in caplog.text
