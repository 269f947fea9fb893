"""Readiness: can this process reach the services it depends on?"""

from __future__ import annotations

from collections.abc import Callable

{% if cookiecutter.use_redis -%}
import redis
{% endif -%}
from flask import current_app
from sqlalchemy import text

from app.extensions import db


def readiness() -> dict[str, str]:
    """Each backing service and whether it answers: "ok" or "unavailable"."""
    probes = {
        "database": ping_database,
{%- if cookiecutter.use_redis %}
        "redis": ping_redis,
{%- endif %}
{%- if cookiecutter.background_jobs == "celery" %}
        "broker": ping_broker,
{%- endif %}
    }
    return {name: state_of(name, ping) for name, ping in probes.items()}


def state_of(name: str, ping: Callable[[], object]) -> str:
    try:
        ping()
    except Exception:
        current_app.logger.warning("Readiness: %s is unavailable", name, exc_info=True)
        return "unavailable"
    return "ok"


def ping_database() -> None:
    try:
        db.session.execute(text("SELECT 1"))
    finally:
        db.session.rollback()
{%- if cookiecutter.use_redis %}


def ping_redis() -> None:
    client = redis.from_url(current_app.config["REDIS_URL"], socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
{%- endif %}
{%- if cookiecutter.background_jobs == "celery" %}


def ping_broker() -> None:
    """Connect to Celery's broker once, without the retries a task would make."""
    with current_app.extensions["celery"].connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=1)
{%- endif %}
