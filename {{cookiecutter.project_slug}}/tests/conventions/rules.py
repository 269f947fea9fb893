"""The rulebook sentences each check enforces, quoted so a failure names its rule."""

from __future__ import annotations

HANDLER_LENGTH = "Keep route handlers under 15 lines. Delegate business logic to service functions."
TYPE_HINTS = "Add type hints to all function signatures and return types."
FUTURE_ANNOTATIONS = "Use `from __future__ import annotations`."
PATHLIB = "Use `pathlib.Path` for file system operations."
LEGACY_QUERY = (
    "Prefer `db.session.execute(select(User).where(...))` over legacy `User.query.filter(...)`."
)
UUID_PRIMARY_KEY = "Use `uuid` primary keys on public-facing models."
MAPPED_ANNOTATIONS = "Use explicit `Mapped` column annotations (SQLAlchemy 2.0 style)."
FILTER_INDEX = (
    "Add `index=True` on all columns used in filter conditions. "
    "Add multi-column indexes via `__table_args__`."
)
UNKNOWN_FIELDS = "Reject unknown fields: `class Meta: unknown = RAISE` on every input schema."
DOWNGRADE = "Write explicit `downgrade()` functions in every migration."
BLUEPRINT_PREFIX = (
    "One Blueprint per domain area with its own URL prefix: "
    "`Blueprint('<domain>', __name__, url_prefix='/api/v1/<domain>')`."
)
EXPLICIT_STATUS = "Return `jsonify(data)` with an explicit status: `return jsonify(data), 201`."
NO_SECRETS = "Never hardcode secrets: load them into the config from the environment."
