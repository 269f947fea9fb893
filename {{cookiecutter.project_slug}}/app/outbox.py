"""The mail outbox: each message is a row written in the transaction of the change
that causes it (a reset link, a verification link, a password-changed notice).

Nothing is sent before that transaction commits, and a rollback takes the message
with the change. Once it has committed, the message is handed over for delivery
after the response (at once outside a request); what is not delivered then stays
in the table for the next attempt (app/mail.py).
"""

from __future__ import annotations

import uuid
from email.utils import make_msgid, parseaddr

from flask import current_app, render_template

from app.background import after_response
from app.extensions import db
{% if cookiecutter.background_jobs == "none" %}from app.mail_delivery import hand_over
{% endif %}from app.models import OutboxMessage
{% if cookiecutter.background_jobs == "celery" %}from app.tasks.mail import hand_over
{% endif %}from app.transaction import after_commit


def queue_mail(to: str, subject: str, template: str, **context: object) -> OutboxMessage:
    """Add ``app/templates/mail/<template>.txt``, rendered with ``context``, to the
    ``transaction()`` under way; it is handed over for delivery after the commit."""
    message = OutboxMessage(
        id=uuid.uuid4(),
        recipient=to,
        subject=subject,
        body=render_template(f"mail/{template}.txt", **context),
        message_id=make_msgid(domain=sender_domain()),
    )
    db.session.add(message)
    after_commit(after_response, hand_over, [message.id])
    return message


def sender_domain() -> str:
    """The domain of MAIL_DEFAULT_SENDER, for Message-IDs of our own."""
    address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    return address.rpartition("@")[2] or "localhost"
