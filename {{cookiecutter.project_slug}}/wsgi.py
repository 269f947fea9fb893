"""WSGI entry point: ``gunicorn -c gunicorn.conf.py wsgi:app`` or ``flask --app wsgi run``."""

from __future__ import annotations

from app import create_app
from config import SettingsError

try:
    app = create_app()
except SettingsError as error:
    error.exit()
