"""JSON logging for the app, its access log included (python-json-logger)."""

from __future__ import annotations

import logging

from flask import Flask
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

FIELDS = ("asctime", "levelname", "name", "message")


def configure_logging(app: Flask) -> None:
    """Send the ``app`` logger tree to stderr as one JSON object per line."""
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter(list(FIELDS), rename_fields={"asctime": "time", "levelname": "level"})
    )
    app.logger.removeHandler(default_handler)
    app.logger.handlers = [handler]
    app.logger.setLevel(app.config["LOG_LEVEL"])
