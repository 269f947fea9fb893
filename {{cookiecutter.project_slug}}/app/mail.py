"""Outgoing mail: plain-text bodies from ``app/templates/mail/``, sent off the request.

Production sends through SMTP (the ``MAIL_*`` settings). With ``MAIL_SUPPRESS_SEND``
(development and tests) nothing leaves the process: development logs each message.
"""

from __future__ import annotations

from threading import Thread

from flask import Flask, current_app, render_template
from flask_mail import Message

from app.extensions import mail


def send_mail(to: str, subject: str, template: str, **context: object) -> None:
    """Render ``app/templates/mail/<template>.txt`` with ``context`` and send it to ``to``."""
    body = render_template(f"mail/{template}.txt", **context)
    deliver(Message(subject=subject, recipients=[to], body=body))


def deliver(message: Message) -> None:
    """Send in a thread, so that how long a request takes does not tell whether it
    sent mail (say, whether a password reset found an account)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # noqa: SLF001
    if app.config["MAIL_SUPPRESS_SEND"]:
        app.logger.info("Mail not sent (MAIL_SUPPRESS_SEND)", extra=describe(message))
        return
    Thread(target=send_in_app_context, args=(app, message), daemon=True).start()


def send_in_app_context(app: Flask, message: Message) -> None:
    with app.app_context():
        try:
            mail.send(message)
        except Exception:
            app.logger.exception("Mail to %s failed", message.recipients)


def describe(message: Message) -> dict[str, object]:
    return {"to": message.recipients, "subject": message.subject, "body": message.body}
