"""Mail on the worker (run here in-process, as Celery's eager mode does): one task
per message, and the sweep that enqueues what is still due."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from flask import Flask
from flask_mail import Message
from kombu.exceptions import OperationalError
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage
from app.tasks.mail import deliver_mail, redeliver_due_mail
from app.transaction import transaction
from tests.test_mail import queue_one


def test_a_committed_message_is_delivered_by_its_task(sent_mail: list[Message]) -> None:
    with (
        patch.object(deliver_mail, "delay", wraps=deliver_mail.delay) as enqueue,
        transaction(),
    ):
        message = queue_one()
        enqueue.assert_not_called()

    enqueue.assert_called_once_with(str(message.id))
    assert [sent.msgId for sent in sent_mail] == [message.message_id]


def test_with_the_broker_down_a_message_waits_for_the_sweep(
    app: Flask, sent_mail: list[Message], caplog: pytest.LogCaptureFixture
) -> None:
    with (
        caplog.at_level("WARNING", logger=app.logger.name),
        patch.object(deliver_mail, "delay", side_effect=OperationalError("refused")),
        transaction(),
    ):
        queue_one()
    assert (sent_mail, "waits for the sweep" in caplog.text) == ([], True)

    assert redeliver_due_mail.delay().get() == 1

    assert len(sent_mail) == 1
    assert db.session.scalars(select(OutboxMessage.sent_at)).one() is not None


def test_the_sweep_leaves_sent_messages_alone(sent_mail: list[Message]) -> None:
    with transaction():
        queue_one()

    assert redeliver_due_mail.delay().get() == 0
    assert len(sent_mail) == 1


def test_beat_sweeps_the_outbox_and_prunes_it_daily(app: Flask) -> None:
    schedule = app.extensions["celery"].conf.beat_schedule

    assert schedule["redeliver-due-mail"]["schedule"] == app.config["MAIL_SWEEP_SECONDS"]
    assert schedule["redeliver-due-mail"]["task"] == "app.tasks.mail.redeliver_due_mail"
    assert schedule["prune-sent-mail"]["schedule"] == 24 * 60 * 60
