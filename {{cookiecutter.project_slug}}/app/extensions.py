"""Flask extensions: created unbound here, bound to an app in ``init_extensions``, with
those of the project's options."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_caching import Cache
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from app import {% if cookiecutter.auth != "none" %}auth_extensions, {% endif %}sqlite{% if cookiecutter.background_jobs == "celery" %}, worker{% endif %}
from app.models.base import Base

# Views serialise objects right after commit; expiring them would reload each one.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
cache = Cache()
cors = CORS()
limiter = Limiter(key_func=get_remote_address)


def init_extensions(app: Flask) -> None:
    """Bind every extension to ``app``."""
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            sqlite.configure(db.engine)
    # Batch mode lets Alembic alter SQLite tables by copying them.
    migrations = Path(app.root_path).parent / "migrations"
    migrate.init_app(app, db, directory=str(migrations), render_as_batch=True)
{% if cookiecutter.auth != "none" %}    auth_extensions.init_app(app)
{% endif %}{% if cookiecutter.background_jobs == "celery" %}    worker.init_celery(app)
{% endif %}    limiter.init_app(app)
    cache.init_app(app)
    if app.config["CORS_ORIGINS"]:
        # With no origin to allow, Flask-CORS would only match every response for nothing.
        cors.init_app(app)
