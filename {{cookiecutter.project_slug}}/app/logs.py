"""JSON logs (python-json-logger, encoding with orjson): the app, its access log and
every library."""

from __future__ import annotations

import logging
import re

from flask import Flask
from flask.logging import default_handler
from pythonjsonlogger.orjson import OrjsonFormatter

HANDLER_NAME = "json"
FIELDS = ("asctime", "levelname", "name", "message")
# Terminal colours, as Werkzeug's development server puts them in its banner.
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def configure_logging(app: Flask) -> None:
    """Write every log record to stderr as one JSON object per line.

    The handler sits on the root logger, so library warnings (the rate limiter
    falling back to memory, a cache outage) come out in the same format.
    """
    root = logging.getLogger()
    root.handlers = [handler for handler in root.handlers if handler.name != HANDLER_NAME]
    root.addHandler(json_handler())
    root.setLevel(app.config["LOG_LEVEL"])
    app.logger.removeHandler(default_handler)
    app.logger.setLevel(app.config["LOG_LEVEL"])


def json_handler() -> logging.Handler:
    handler = logging.StreamHandler()
    handler.name = HANDLER_NAME
    rename = {"asctime": "time", "levelname": "level"}
    handler.setFormatter(OrjsonFormatter(list(FIELDS), rename_fields=rename))
    handler.addFilter(without_colours)
    return handler


def without_colours(record: logging.LogRecord) -> bool:
    """Strip terminal colour codes from the message: a JSON line is read by programs,
    and `flask run` colours its banner ("WARNING: This is a development server")."""
    message = record.getMessage()
    if "\x1b" in message:
        record.msg, record.args = ANSI_ESCAPE.sub("", message), None
    return True
