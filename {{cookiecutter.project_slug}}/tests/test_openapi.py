"""The OpenAPI document: served, kept in step with openapi.json, and shown by Swagger UI."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from app import create_app
from config import ProductionConfig
from tests.conventions.core import PROJECT_ROOT

SPEC_URL = "/api/v1/openapi.json"
DOCS_URL = "/api/v1/docs"
SNAPSHOT = PROJECT_ROOT / "openapi.json"
REGENERATE = "flask --app wsgi openapi write openapi.json"
# Blueprints of flask-smorest's own pages, and Flask's static files.
UNDOCUMENTED_ENDPOINTS = ("api-docs.", "static")


def served_spec(client: FlaskClient) -> dict[str, Any]:
    response = client.get(SPEC_URL)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    spec: dict[str, Any] = response.get_json()
    return spec


def test_the_served_spec_matches_the_committed_snapshot(
    client: FlaskClient, runner: FlaskCliRunner
) -> None:
    if not SNAPSHOT.exists() and not os.environ.get("CI"):
        # A new project's first run writes the snapshot, to be committed with the code;
        # in CI a missing snapshot fails like a stale one.
        runner.invoke(args=["openapi", "write", str(SNAPSHOT)])
    assert SNAPSHOT.exists(), f"openapi.json is missing: run `{REGENERATE}` and commit it"
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))

    assert served_spec(client) == committed, (
        f"The API changed: run `{REGENERATE}` and commit openapi.json with the change"
    )


def test_every_route_is_documented(app: Flask, client: FlaskClient) -> None:
    paths = served_spec(client)["paths"]
    documented = {
        (path, method.upper())
        for path, item in paths.items()
        for method in item
        if method != "parameters"
    }
    routed = {
        (rule.rule.replace("<uuid:", "{").replace(">", "}"), method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods or ()
        if method not in {"HEAD", "OPTIONS"}
        and not rule.endpoint.startswith(UNDOCUMENTED_ENDPOINTS)
    }

    assert routed == documented


def test_every_operation_is_named_once_after_its_handler(app: Flask, client: FlaskClient) -> None:
    operations = [
        operation
        for item in served_spec(client)["paths"].values()
        for method, operation in item.items()
        if method != "parameters"
    ]
    names = [operation.get("operationId") for operation in operations]
    handlers = {
        endpoint.rpartition(".")[2]
        for endpoint in app.view_functions
        if not endpoint.startswith(UNDOCUMENTED_ENDPOINTS)
    }

    assert len(names) == len(set(names)), sorted(names)
    assert set(names) == handlers


def test_every_error_is_documented_with_the_envelope(client: FlaskClient) -> None:
    spec = served_spec(client)

    for path, item in spec["paths"].items():
        operations = {method: item[method] for method in item if method != "parameters"}
        for method, operation in operations.items():
            statuses = {int(status) for status in operation["responses"]}
            assert {429, 500, 503} <= statuses, f"{method} {path}"
    for response in spec["components"]["responses"].values():
        schema = response["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorEnvelope"}


def test_lists_document_their_page_parameters(client: FlaskClient) -> None:
    """A domain's list also takes a cursor and a sort (app.api.listing); the admins'
    list of users pages by number only."""
    spec = served_spec(client)
    parameters: dict[str, list[set[str]]] = {"ListingEnvelope": [], "PageEnvelope": []}
    for item in spec["paths"].values():
        if "get" in item:
            body = json.dumps(item["get"]["responses"]["200"])
            names = {parameter["name"] for parameter in item["get"].get("parameters", [])}
            for envelope, found in parameters.items():
                if envelope in body:
                    found.append(names)

    assert parameters["ListingEnvelope"]
    for names in parameters["ListingEnvelope"]:
        assert {"page", "per_page", "cursor", "sort"} <= names
    for names in parameters["PageEnvelope"]:
        assert names == {"page", "per_page"}


def test_swagger_ui_is_served_from_the_package_without_inline_script(client: FlaskClient) -> None:
    page = client.get(DOCS_URL)
    html = page.get_data(as_text=True)

    assert page.status_code == 200
    assert "http" not in html  # no CDN: every asset comes from this server
    assert "<script>" not in html
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-initializer.js"):
        response = client.get(f"{DOCS_URL}/{asset}")
        assert response.status_code == 200
        response.close()


@pytest.mark.parametrize("url", [DOCS_URL, f"{DOCS_URL}/swagger-ui-bundle.js"])
def test_swagger_ui_can_be_switched_off(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("API_DOCS_UI", "false")
    client = create_app("testing").test_client()

    assert client.get(url).status_code == 404
    assert client.get(SPEC_URL).status_code == 200


def test_production_hides_swagger_ui_unless_asked(production_env: pytest.MonkeyPatch) -> None:
    production_env.delenv("API_DOCS_UI", raising=False)

    assert ProductionConfig().OPENAPI_SWAGGER_UI_PATH is None
    production_env.setenv("API_DOCS_UI", "true")
    assert ProductionConfig().OPENAPI_SWAGGER_UI_PATH == "docs"
