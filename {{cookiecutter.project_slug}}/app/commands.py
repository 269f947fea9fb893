"""The project's ``flask`` CLI commands."""

from __future__ import annotations

from flask import Flask

{% if cookiecutter.auth != "none" %}from app.api.users.commands import create_user_command
from app.mail_commands import mail_cli
{% endif %}from app.scaffold.cli import scaffold_cli


def register_commands(app: Flask) -> None:
    """Attach every command to ``app.cli``."""
    app.cli.add_command(scaffold_cli)
{%- if cookiecutter.auth != "none" %}
    app.cli.add_command(create_user_command)
    app.cli.add_command(mail_cli)
{%- endif %}
