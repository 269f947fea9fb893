"""The mail tasks of Celery's beat (app/tasks/mail.py)."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class MailTaskSettings(BaseSettings):
    """How beat sweeps the outbox for what is still due."""

    # Beat enqueues every due message this often, at most MAIL_SWEEP_BATCH at a time.
    MAIL_SWEEP_SECONDS: int = 60
    MAIL_SWEEP_BATCH: int = 1000
