"""Security headers, HSTS and CORS on every response, the body limit for chunked
bodies (bodies with a Content-Length: see each domain's tests), and JSON nested
deeper than orjson writes (bodies too deep to parse: see each domain's tests)."""

from __future__ import annotations

import io
import json

import pytest
from flask import Flask, Response, jsonify, request
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app import create_app
from config import ProductionConfig

ECHO = "/echo"


def echo_length() -> tuple[Response, int]:
    """The length of the JSON string received: shows whether all of it arrived."""
    return jsonify(data=len(request.get_json())), 200


@pytest.fixture(scope="module")
def echo_app() -> Flask:
    """An app with one more route, which parses its body like every view; the tests
    of this module share it (building an app takes longer than each of them)."""
    app = create_app("testing")
    app.post(ECHO)(echo_length)
    return app


@pytest.fixture
def echo_client(echo_app: Flask) -> FlaskClient:
    return echo_app.test_client()


def post_chunked(client: FlaskClient, body: bytes) -> TestResponse:
    """POST ``body`` as gunicorn hands on a chunked one: no length, the server ends it."""
    return client.post(
        ECHO,
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )


def json_string_of(size: int) -> bytes:
    """A JSON document of ``size`` bytes: a string of ``size - 2`` characters."""
    return b'"' + b"x" * (size - 2) + b'"'


def test_every_response_carries_the_security_headers(client: FlaskClient) -> None:
    for response in (client.get("/healthz"), client.get("/nowhere")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "Strict-Transport-Security" not in response.headers


def test_hsts_is_sent_when_configured(app: Flask, client: FlaskClient) -> None:
    app.config["HSTS_SECONDS"] = 600
    try:
        response = client.get("/healthz")
    finally:
        app.config["HSTS_SECONDS"] = 0

    assert response.headers["Strict-Transport-Security"] == "max-age=600; includeSubDomains"


def test_production_sends_hsts_for_a_year() -> None:
    assert ProductionConfig.model_fields["HSTS_SECONDS"].default == 31_536_000


def test_trusted_proxies_give_the_client_address_to_the_rate_limiter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    app = create_app("testing")
    seen: list[str | None] = []
    app.before_request(lambda: seen.append(request.remote_addr))

    app.test_client().get("/healthz", headers={"X-Forwarded-For": "203.0.113.7"})

    assert seen == ["203.0.113.7"]


def test_no_origin_is_allowed_by_default(client: FlaskClient) -> None:
    response = client.get("/healthz", headers={"Origin": "https://elsewhere.example"})

    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.mark.parametrize("bytes_to_spare", [0, 1, 100_000])
def test_a_chunked_body_within_the_limit_is_read_whole(
    echo_client: FlaskClient, bytes_to_spare: int
) -> None:
    size = echo_client.application.config["MAX_CONTENT_LENGTH"] - bytes_to_spare

    response = post_chunked(echo_client, json_string_of(size))

    assert (response.status_code, response.get_json()) == (200, {"data": size - 2})


def test_a_chunked_body_over_the_limit_is_a_413_envelope(echo_client: FlaskClient) -> None:
    size = echo_client.application.config["MAX_CONTENT_LENGTH"] + 1

    response = post_chunked(echo_client, json_string_of(size))

    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "request_entity_too_large"


def test_a_value_nested_deeper_than_orjson_writes_is_still_encoded(app: Flask) -> None:
    deep: list[object] = []
    for _ in range(300):
        deep = [deep]

    assert json.loads(app.json.dumps(deep)) == deep
