"""Starting the app: every setting it cannot start with named on a line of its own, log
lines that hold no terminal colours, and wsgi.py's garbage-collector settings (its
start in a fresh interpreter runs beside the tests before it: tests/serving_start.py)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from unittest.mock import patch

import pytest

from app.logs import json_handler
from config import SECRET_SETTINGS, SettingsError, load_config


@pytest.fixture(autouse=True)
def no_env_file() -> Iterator[None]:
    """Only each test's environment counts: a developer's `.env` stays out."""
    with patch("config.load_dotenv"):
        yield


def test_production_names_every_missing_setting_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", *SECRET_SETTINGS):
        monkeypatch.delenv(name, raising=False)

    with pytest.raises(SettingsError) as refused:
        load_config("production")

    missing = [line.split()[0] for line in refused.value.problems if " is not set" in line]
    assert missing == ["DATABASE_URL", *SECRET_SETTINGS]


def test_production_names_every_unsafe_setting(production_env: pytest.MonkeyPatch) -> None:
    production_env.setenv("DEBUG", "true")
    production_env.setenv("SECRET_KEY", "too-short")

    with pytest.raises(SettingsError) as refused:
        load_config("production")

    assert refused.value.problems == [
        "DEBUG must be off in production",
        "SECRET_KEY must be at least 32 characters",
    ]


def test_a_setting_of_the_wrong_type_is_named(production_env: pytest.MonkeyPatch) -> None:
    production_env.setenv("TRUSTED_PROXIES", "two")

    with pytest.raises(SettingsError) as refused:
        load_config("production")

    [problem] = refused.value.problems
    assert problem.startswith("TRUSTED_PROXIES: Input should be a valid integer")


def test_an_unknown_environment_is_refused() -> None:
    with pytest.raises(SettingsError, match="APP_ENV is 'staging'; choose one of: development"):
        load_config("staging")


def test_bad_settings_end_the_process_with_a_line_per_problem() -> None:
    error = SettingsError(["DATABASE_URL is not set", "DEBUG must be off in production"])

    with pytest.raises(SystemExit) as exited:
        error.exit()

    assert exited.value.code == (
        "Cannot start (APP_ENV=production): DATABASE_URL is not set\n"
        "Cannot start (APP_ENV=production): DEBUG must be off in production"
    )


def test_log_lines_hold_no_terminal_colours(capsys: pytest.CaptureFixture[str]) -> None:
    handler = json_handler()
    banner = "\x1b[31m\x1b[1mWARNING: This is a development server.\x1b[0m"
    request_line = ('"%s" %s', ("\x1b[33mGET /nothing HTTP/1.1\x1b[0m", 404))
    for message, args in ((banner, ()), request_line):
        record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, message, args, None)
        handler.handle(record)

    lines = capsys.readouterr().err.splitlines()
    messages = [json.loads(line)["message"] for line in lines]
    assert messages == ["WARNING: This is a development server.", '"GET /nothing HTTP/1.1" 404']


def test_serving_starts_with_the_collector_on_and_the_start_up_frozen(serving_start: str) -> None:
    """wsgi.py builds the app with the garbage collector paused, then turns it back on
    with what start-up built frozen, out of every later scan."""
    enabled, frozen = serving_start.split()
    assert enabled == "True"
    assert int(frozen) > 100_000
