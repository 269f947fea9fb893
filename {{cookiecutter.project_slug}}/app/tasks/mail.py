"""Mail delivery on the worker: one task per message, enqueued once the work that
queued it is over, and a periodic sweep that enqueues what is still due (a broker
that was down, a worker killed mid-send)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from celery import Task, shared_task
from flask import Config, current_app
from kombu.exceptions import OperationalError

from app import mail
from app.models.base import utc_now

# Then the sweep takes over, at its own pace.
MAX_RETRIES = 8
PRUNE_EVERY_SECONDS = 24 * 60 * 60


@shared_task(bind=True, max_retries=MAX_RETRIES)
def deliver_mail(self: Task[Any, Any], message_id: str) -> bool:
    """Send one message of the outbox; retried with the outbox's backoff on failure."""
    try:
        return mail.deliver(uuid.UUID(message_id))
    except mail.MailNotSent as error:
        countdown = max((error.retry_at - utc_now()).total_seconds(), 0)
        raise self.retry(countdown=countdown, exc=error) from error


@shared_task
def redeliver_due_mail() -> int:
    """Enqueue every message that is due; how many were."""
    message_ids = mail.due_message_ids(limit=current_app.config["MAIL_SWEEP_BATCH"])
    hand_over(message_ids)
    return len(message_ids)


@shared_task
def prune_sent_mail() -> int:
    """Delete messages sent more than MAIL_KEEP_SENT_DAYS ago; how many went."""
    return mail.prune_sent(timedelta(days=current_app.config["MAIL_KEEP_SENT_DAYS"]))


def hand_over(message_ids: list[uuid.UUID]) -> None:
    """Enqueue a delivery per message. With the broker down they wait for the sweep."""
    for message_id in message_ids:
        try:
            deliver_mail.delay(str(message_id))
        except OperationalError:
            current_app.logger.warning("Broker down: mail %s waits for the sweep", message_id)


def schedule(config: Config) -> dict[str, dict[str, Any]]:
    """The periodic tasks of mail, for beat."""
    return {
        "redeliver-due-mail": {
            "task": redeliver_due_mail.name,
            "schedule": config["MAIL_SWEEP_SECONDS"],
        },
        "prune-sent-mail": {"task": prune_sent_mail.name, "schedule": PRUNE_EVERY_SECONDS},
    }
