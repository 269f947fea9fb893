"""The project's ``flask`` CLI commands."""

from __future__ import annotations

import importlib
import importlib.util

from flask import Flask
{%- if cookiecutter.auth != "none" %}

from app.api.users.commands import create_user_command
from app.mail_commands import mail_cli
{%- endif %}

# The domain generator lives beside the app, in a checkout of the project only: the
# package and the image leave it out, so `flask scaffold` exists where it does.
GENERATOR = "scaffold"


def register_commands(app: Flask) -> None:
    """Attach every command to ``app.cli``."""
    if importlib.util.find_spec(GENERATOR) is not None:
        app.cli.add_command(importlib.import_module(f"{GENERATOR}.cli").scaffold_cli)
{%- if cookiecutter.auth != "none" %}
    app.cli.add_command(create_user_command)
    app.cli.add_command(mail_cli)
{%- endif %}
