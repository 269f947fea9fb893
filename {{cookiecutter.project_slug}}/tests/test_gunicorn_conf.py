"""gunicorn.conf.py: its defaults, its environment overrides and its JSON logs."""

from __future__ import annotations

import importlib.util
import json
import logging
import logging.config
import multiprocessing
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from unittest.mock import patch

import pytest

CONFIG_FILE = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"
SETTINGS = (
    "GUNICORN_WORKERS",
    "WEB_CONCURRENCY",
    "GUNICORN_WORKER_CLASS",
    "GUNICORN_BIND",
    "GUNICORN_TIMEOUT",
    "GUNICORN_GRACEFUL_TIMEOUT",
    "GUNICORN_KEEPALIVE",
    "GUNICORN_LOG_LEVEL",
    "GUNICORN_ACCESS_LOG",
)


def load_config(monkeypatch: pytest.MonkeyPatch, **env: str) -> ModuleType:
    """Import gunicorn.conf.py afresh with exactly the ``env`` settings of this test."""
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gunicorn_conf", CONFIG_FILE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def gunicorn_loggers() -> Iterator[None]:
    """Put back the loggers that a test's ``dictConfig`` replaces."""
    loggers = [logging.getLogger(name) for name in ("", "gunicorn.error", "gunicorn.access")]
    saved = [(logger.handlers[:], logger.level, logger.propagate) for logger in loggers]
    yield
    for logger, (handlers, level, propagate) in zip(loggers, saved, strict=True):
        logger.handlers, logger.level, logger.propagate = handlers, level, propagate


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(monkeypatch)

    assert config.workers == multiprocessing.cpu_count()
    assert config.worker_class == "sync"
    assert config.bind == "0.0.0.0:8000"
    assert (config.timeout, config.graceful_timeout, config.keepalive) == (30, 30, 5)


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(
        monkeypatch,
        GUNICORN_WORKERS="3",
        GUNICORN_WORKER_CLASS="gevent",
        GUNICORN_BIND="127.0.0.1:9000",
        GUNICORN_TIMEOUT="60",
        GUNICORN_GRACEFUL_TIMEOUT="20",
        GUNICORN_KEEPALIVE="10",
    )

    assert config.workers == 3
    assert config.worker_class == "gevent"
    assert config.bind == "127.0.0.1:9000"
    assert (config.timeout, config.graceful_timeout, config.keepalive) == (60, 20, 10)


def test_web_concurrency_sets_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_config(monkeypatch, WEB_CONCURRENCY="5").workers == 5
    assert load_config(monkeypatch, WEB_CONCURRENCY="5", GUNICORN_WORKERS="2").workers == 2


def test_gunicorn_logs_json_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], gunicorn_loggers: None
) -> None:
    config = load_config(monkeypatch)
    formatter = config.logconfig_dict["formatters"]["json"]
    assert formatter["()"] == "pythonjsonlogger.orjson.OrjsonFormatter"

    logging.config.dictConfig(config.logconfig_dict)
    logging.getLogger("gunicorn.error").info("Booting worker")

    line = json.loads(capsys.readouterr().err)
    assert line["level"] == "INFO"
    assert line["name"] == "gunicorn.error"
    assert line["message"] == "Booting worker"
    assert "time" in line


def test_access_log_is_off_unless_asked_for(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], gunicorn_loggers: None
) -> None:
    logging.config.dictConfig(load_config(monkeypatch).logconfig_dict)
    logging.getLogger("gunicorn.access").info("GET /healthz 200")
    assert capsys.readouterr() == ("", "")

    logging.config.dictConfig(load_config(monkeypatch, GUNICORN_ACCESS_LOG="-").logconfig_dict)
    logging.getLogger("gunicorn.access").info("GET /healthz 200")
    assert json.loads(capsys.readouterr().out)["message"] == "GET /healthz 200"


def test_the_master_refuses_settings_the_app_refuses(production_env: pytest.MonkeyPatch) -> None:
    production_env.setenv("APP_ENV", "production")
    production_env.delenv("DATABASE_URL")
    config = load_config(production_env)

    with patch("config.load_dotenv"), pytest.raises(SystemExit) as exited:
        config.on_starting(None)

    assert exited.value.code == "Cannot start (APP_ENV=production): DATABASE_URL is not set"


def test_the_master_starts_on_settings_the_app_accepts(production_env: pytest.MonkeyPatch) -> None:
    production_env.setenv("APP_ENV", "production")

    with patch("config.load_dotenv"):
        load_config(production_env).on_starting(None)
