"""Tests of the factory, the configs, the error envelope and the middleware."""

from __future__ import annotations

import json
import logging
from unittest.mock import patch

import pytest
from flask import Flask
from flask.testing import FlaskClient
from limits import parse
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from app import create_app, models
from app.extensions import db
from config import BASE_DIR, DevelopmentConfig, ProductionConfig, load_config
from settings import DEVELOPMENT_SECRET


def test_create_app_uses_the_named_config() -> None:
    assert create_app("testing").testing


def test_create_app_falls_back_to_app_env_then_development(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Only the name is checked: extensions are shared, so the suite builds no other app.
    testing = load_config("testing")
    with patch("app.load_config", return_value=testing) as load:
        monkeypatch.setenv("APP_ENV", "production")
        create_app()
        monkeypatch.delenv("APP_ENV")
        create_app()

    assert [call.args for call in load.call_args_list] == [("production",), ("development",)]


def test_development_config_turns_debug_on() -> None:
    assert load_config("development").DEBUG


def test_create_app_rejects_an_unknown_config_name() -> None:
    with pytest.raises(ValueError, match="choose one of: development, testing, production"):
        create_app("staging")


@pytest.mark.parametrize(
    ("variable", "value", "complaint"),
    [
        ("SECRET_KEY", DEVELOPMENT_SECRET, "SECRET_KEY is the development default"),
        ("SECRET_KEY", "too-short", "SECRET_KEY must be at least 32 characters"),
        ("DEBUG", "true", "DEBUG must be off in production"),
    ],
)
def test_production_refuses_unsafe_settings(
    production_env: pytest.MonkeyPatch, variable: str, value: str, complaint: str
) -> None:
    production_env.setenv(variable, value)

    with pytest.raises(ValidationError, match=complaint):
        ProductionConfig()


def test_env_example_is_a_valid_env_file() -> None:
    settings = DevelopmentConfig(_env_file=BASE_DIR / ".env.example")

    assert settings.LOG_LEVEL == "INFO"


def test_production_needs_a_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")

    with pytest.raises(ValidationError, match="SECRET_KEY"):
        ProductionConfig()


def test_healthz(client: FlaskClient) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"data": {"status": "ok"}}


def test_probes_skip_the_rate_limit_that_other_routes_meet() -> None:
    app = create_app("testing")
    app.get("/ping")(lambda: ("", 204))
    client = app.test_client()
    allowed = parse(app.config["RATELIMIT_DEFAULT"]).amount

    probes = {client.get("/healthz").status_code for _ in range(allowed + 1)}
    others = [client.get("/ping").status_code for _ in range(allowed + 1)]

    assert probes == {200}
    assert others[-2:] == [204, 429]


def test_unknown_route_is_a_404_envelope(client: FlaskClient) -> None:
    response = client.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert response.get_json()["error"] == {
        "code": "not_found",
        "message": "The requested resource does not exist.",
        "details": {},
    }


def test_wrong_method_is_405_with_allow_header(client: FlaskClient) -> None:
    response = client.delete("/healthz")

    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_an_unexpected_error_is_a_500_envelope_without_details(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with patch("app.api.health.routes.jsonify", side_effect=RuntimeError("database password")):
        response = client.get("/healthz")

    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_error"
    assert "database password" not in response.get_data(as_text=True)
    assert "database password" in caplog.text


def test_readyz_says_every_backing_service_answers(client: FlaskClient) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.get_json()["data"]["status"] == "ready"
    assert set(response.get_json()["data"]["checks"].values()) == {"ok"}


def test_readyz_is_503_naming_the_service_that_is_down(client: FlaskClient) -> None:
    with patch("app.api.health.services.ping_database", side_effect=OSError("refused")):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "service_unavailable"
    assert response.get_json()["error"]["details"]["database"] == "unavailable"


def test_a_database_outage_is_a_503_envelope_without_details(client: FlaskClient) -> None:
    outage = OperationalError("SELECT 1", {}, ConnectionRefusedError("password=hunter2"))
    with patch("app.api.health.routes.jsonify", side_effect=outage):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "service_unavailable"
    assert response.headers["Retry-After"] == "5"
    assert "hunter2" not in response.get_data(as_text=True)


def test_request_id_is_echoed_or_created(client: FlaskClient) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    unsafe = client.get("/healthz", headers={"X-Request-ID": "bad id <script>"})

    assert given.headers["X-Request-ID"] == "abc-123"
    assert len(unsafe.headers["X-Request-ID"]) == 32


def test_each_request_writes_one_json_access_log_line(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="app")

    client.get("/healthz", headers={"X-Request-ID": "req-1"})

    [record] = [record for record in caplog.records if record.name == "app.access"]
    [handler] = [handler for handler in logging.getLogger().handlers if handler.name == "json"]
    line = json.loads(handler.format(record))
    assert line | {"time": "", "duration_ms": 0} == {
        "time": "",
        "level": "INFO",
        "name": "app.access",
        "message": "request",
        "request_id": "req-1",
        "method": "GET",
        "path": "/healthz",
        "status": 200,
        "duration_ms": 0,
    }


def test_shell_context_has_the_database_and_every_model(app: Flask) -> None:
    context = app.make_shell_context()

    assert context["db"] is db
    assert models.__all__
    for name in models.__all__:
        assert context[name] is getattr(models, name)
