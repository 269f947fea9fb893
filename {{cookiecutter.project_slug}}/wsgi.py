"""WSGI entry point: ``gunicorn -c gunicorn.conf.py wsgi:app`` or ``flask --app wsgi run``.
{%- if cookiecutter.background_jobs == "celery" %}

The worker's too: ``celery --app wsgi:celery_app worker --loglevel INFO``.
{% endif %}"""

from __future__ import annotations

import gc

# Start-up builds about a million objects that live as long as the process: modules,
# classes, SQLAlchemy's and pydantic's machinery, the app. Python's cyclic garbage
# collector would scan them again and again while they load (a third of the start-up
# time) and again in every full collection after. So it pauses until the app is
# built, and gc.freeze() then leaves all of it out of every later scan.
gc.disable()
try:
    from app import create_app
    from config import SettingsError

    try:
        app = create_app()
    except SettingsError as error:
        error.exit()
finally:
    gc.freeze()
    gc.enable()
{%- if cookiecutter.background_jobs == "celery" %}

celery_app = app.extensions["celery"]
{%- endif %}
