"""The cheap paths of the request pipeline (app/middleware.py) keep their behaviour."""

from __future__ import annotations

import pytest
from flask import Flask, Response, session
from flask.testing import FlaskClient

from app import create_app

ALLOWED_ORIGIN = "https://app.example"
DOCS_LIKE_CSP = "default-src 'none'; script-src 'self'"


@pytest.fixture(scope="module")
def configured_app() -> Flask:
    """An app with a CORS origin and a view that sets its own Content-Security-Policy."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("CORS_ORIGINS", f'["{ALLOWED_ORIGIN}"]')
        app = create_app("testing")

    @app.get("/own-csp")
    def own_csp() -> Response:
        response = Response("{}", mimetype="application/json")
        response.headers["Content-Security-Policy"] = DOCS_LIKE_CSP
        return response

    return app


def test_a_response_sets_no_session_cookie(client: FlaskClient) -> None:
    response = client.get("/healthz")

    assert "Set-Cookie" not in response.headers


def test_the_session_refuses_writes(app: Flask) -> None:
    with app.test_request_context(), pytest.raises(RuntimeError):
        session["user_id"] = "someone"


def test_a_view_keeps_its_own_content_security_policy(configured_app: Flask) -> None:
    response = configured_app.test_client().get("/own-csp")

    assert response.headers.getlist("Content-Security-Policy") == [DOCS_LIKE_CSP]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_configured_origin_is_allowed(configured_app: Flask) -> None:
    client = configured_app.test_client()

    allowed = client.get("/healthz", headers={"Origin": ALLOWED_ORIGIN})
    other = client.get("/healthz", headers={"Origin": "https://elsewhere.example"})

    assert allowed.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    assert "Access-Control-Allow-Origin" not in other.headers
