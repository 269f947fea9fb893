"""Gunicorn settings for production: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Every setting comes from an environment variable, so one image fits every host:

- ``GUNICORN_WORKERS`` (or ``WEB_CONCURRENCY``): worker processes; one per CPU by default.
- ``GUNICORN_WORKER_CLASS``: ``sync`` (default) or ``gevent`` for I/O-heavy apps
  (``pip install ".[gevent]"``); a gevent worker serves many requests at once, so give
  the database pool room for them.
- ``GUNICORN_BIND``, ``GUNICORN_TIMEOUT``, ``GUNICORN_GRACEFUL_TIMEOUT``,
  ``GUNICORN_KEEPALIVE``, ``GUNICORN_LOG_LEVEL``.
- ``GUNICORN_ACCESS_LOG``: ``-`` (stdout) or a file. Off by default: the app already
  writes one access line per request, with its request id.

The master checks the app's settings before it starts any worker (``on_starting``).
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

from config import SettingsError, load_config

# The fields and names of the app's own JSON lines (app/logs.py).
JSON_FORMATTER = {
    "()": "pythonjsonlogger.orjson.OrjsonFormatter",
    "fmt": ["asctime", "levelname", "name", "message"],
    "rename_fields": {"asctime": "time", "levelname": "level"},
}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def log_handler(target: str) -> dict[str, str]:
    """A JSON handler writing to stdout for ``-``, else to the file ``target``."""
    if target == "-":
        return {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}
    return {"class": "logging.FileHandler", "formatter": "json", "filename": target}


# cpu_count() sees the host's CPUs, not a container's CPU quota: set the variable there.
workers = env_int("GUNICORN_WORKERS", env_int("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# A container must listen on every interface to be reachable through its published port.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Longer than gunicorn's 2 s, so connections from a load balancer are reused.
keepalive = env_int("GUNICORN_KEEPALIVE", 5)
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_target = os.environ.get("GUNICORN_ACCESS_LOG", "")

logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "json"},
        **({"access": log_handler(access_log_target)} if access_log_target else {}),
    },
    # Replaces gunicorn's plain-text root handler: the root logger is the app's, which
    # gives it a JSON handler in each worker (app/logs.py).
    "root": {"handlers": []},
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stderr"], "propagate": False},
        # With no handler, gunicorn's access lines go nowhere.
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["access"] if access_log_target else [],
            "propagate": False,
        },
    },
}


def on_starting(_server: object) -> None:
    """Refuse to start on settings the app refuses, one line per problem, before any
    worker: gunicorn would start a worker that exits on them again and again."""
    try:
        load_config(os.environ.get("APP_ENV", "development"))
    except SettingsError as error:
        error.exit()
