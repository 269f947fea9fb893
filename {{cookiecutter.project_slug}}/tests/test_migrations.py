"""The migrations build the schema of the models, and undo it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import create_app
from app.extensions import db

ROUND_TRIP = (
    ["db", "upgrade"],
    ["db", "downgrade", "base"],
    ["db", "upgrade"],
    ["db", "check"],
)


def test_migrations_round_trip_and_match_the_models(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_DATABASE_URL", f"sqlite:///{tmp_path / 'migrated.db'}")
    app = create_app("testing")
    runner = app.test_cli_runner()

    with app.app_context():
        for command in ROUND_TRIP:
            result = runner.invoke(args=command)
            assert result.exit_code == 0, (command, result.output)
        db.engine.dispose()
