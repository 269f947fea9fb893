"""WSGI entry point: ``gunicorn -c gunicorn.conf.py wsgi:app`` or ``flask --app wsgi run``.
{%- if cookiecutter.background_jobs == "celery" %}

The worker's too: ``celery --app wsgi:celery_app worker --loglevel INFO``.
{% endif %}"""

from __future__ import annotations

from app import create_app
from config import SettingsError

try:
    app = create_app()
except SettingsError as error:
    error.exit()
{%- if cookiecutter.background_jobs == "celery" %}

celery_app = app.extensions["celery"]
{%- endif %}
