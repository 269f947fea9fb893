"""``flask mail``: send what the outbox holds, and prune what it has sent.

Run ``flask mail deliver`` from cron (say, every minute) when no worker sends mail,
and ``flask mail prune`` daily: a message that failed waits in the outbox for it.
"""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from app import mail

mail_cli = AppGroup("mail", help="Deliver and prune the mail outbox.")


@mail_cli.command("deliver")
@click.option("--limit", default=1000, show_default=True, help="Send at most this many.")
def deliver_command(limit: int) -> None:
    """Send every message that is due; exit 1 if any failed (it stays for later)."""
    report = mail.deliver_due(limit)
    click.echo(f"Sent {report.sent} message(s); {report.failed} failed.")
    if report.failed:
        raise SystemExit(1)


@mail_cli.command("prune")
@click.option("--days", type=click.IntRange(min=0), help="Default: MAIL_KEEP_SENT_DAYS.")
def prune_command(days: int | None) -> None:
    """Delete messages sent more than DAYS days ago."""
    kept_days = current_app.config["MAIL_KEEP_SENT_DAYS"] if days is None else days
    pruned = mail.prune_sent(timedelta(days=kept_days))
    click.echo(f"Deleted {pruned} message(s) sent more than {kept_days} day(s) ago.")
