"""Without a worker the web process sends each message once the response has gone;
what SMTP refuses stays in the outbox for ``flask mail deliver``."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage, User

RESET = "/api/v1/auth/password-reset"


def test_with_smtp_down_a_reset_is_answered_and_its_link_kept(
    app: Flask, client: FlaskClient, user: User, smtp_down: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger=app.logger.name):
        response = client.post(RESET, json={"email": user.email})

    assert response.status_code == 202
    kept = db.session.scalars(select(OutboxMessage)).one()
    assert (kept.recipient, kept.sent_at, kept.attempts) == (user.email, None, 1)
    assert "ConnectionRefusedError" in (kept.last_error or "")
    assert f"Mail {kept.id} not sent" in caplog.text
