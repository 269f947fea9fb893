"""Alembic environment: migrate the database of the current Flask app."""

from __future__ import annotations

import logging
from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from flask import current_app
from sqlalchemy.types import TypeDecorator

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def run_migrations_offline() -> None:
    """Print the SQL instead of running it (``flask db upgrade --sql``)."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=db.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def skip_empty_autogenerate(_context: object, _revision: object, directives: list[Any]) -> None:
    """``flask db migrate`` writes no file when the models did not change."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def render_item(kind: str, item: object, _context: object) -> str | Literal[False]:
    """Write the app's own column types as the SQLAlchemy type they wrap."""
    if kind == "type" and isinstance(item, TypeDecorator):
        return f"sa.{item.impl!r}"
    return False


def run_migrations_online() -> None:
    configure_args = current_app.extensions["migrate"].configure_args
    configure_args.setdefault("process_revision_directives", skip_empty_autogenerate)
    configure_args.setdefault("render_item", render_item)
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch mode copies tables; enforced foreign keys would cascade deletes.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # so Alembic opens, and commits, its own transaction
        context.configure(connection=connection, target_metadata=db.metadata, **configure_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
