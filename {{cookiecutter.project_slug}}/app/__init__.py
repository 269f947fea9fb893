"""Application factory."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import models
from app.api import register_blueprints
from app.commands import register_commands
from app.errors import register_error_handlers
from app.extensions import db, init_extensions
from app.json_provider import JSONProvider
from app.logs import configure_logging
from app.middleware import register_middleware
from config import load_config


def create_app(config_name: str | None = None) -> Flask:
    """Build the app for ``config_name``, else ``$APP_ENV``, else development."""
    app = Flask(__name__)
    app.json = JSONProvider(app)
    name = config_name or os.environ.get("APP_ENV", "development")
    app.config.from_object(load_config(name))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
{%- if cookiecutter.database == "sqlite" and not cookiecutter.use_redis %}
    # The list cache's files sit in the instance folder, beside the database, whatever
    # the working directory (an absolute CACHE_DIR stays as it is).
    app.config["CACHE_DIR"] = str(Path(app.instance_path, app.config["CACHE_DIR"]))
{%- endif %}
    if proxies := app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]

    configure_logging(app)
    register_middleware(app)  # first, so every later hook sees the request id
    init_extensions(app)
    register_error_handlers(app)
    register_blueprints(app)
    register_commands(app)
    app.shell_context_processor(shell_context)
    return app


def shell_context() -> dict[str, object]:
    """Names preloaded in ``flask shell``: the database and every model."""
    return {"db": db} | {name: getattr(models, name) for name in models.__all__}
