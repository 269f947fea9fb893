"""Security headers, HSTS and CORS on every response (bodies: see each domain's tests)."""

from __future__ import annotations

import pytest
from flask import Flask, request
from flask.testing import FlaskClient

from app import create_app
from config import ProductionConfig


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
