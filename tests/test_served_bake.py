"""The default bake, migrated and served by gunicorn (2 workers) on 127.0.0.1,
answers the API contract over real HTTP."""

from __future__ import annotations

import http.client
import json
import shutil
import urllib.parse
from pathlib import Path
from typing import Any

from tests.helpers import BakeVariant
from tests.served import gunicorn, migrate, production_env, sign_up_and_in

BODY_LIMIT = 64 * 1024
CHUNK_SIZE = 16 * 1024


def post_chunked(base_url: str, path: str, body: bytes, token: str) -> tuple[int, Any]:
    """POST ``body`` as Transfer-Encoding: chunked, without Content-Length: the status
    and the JSON answer."""
    address = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    chunks = (body[start : start + CHUNK_SIZE] for start in range(0, len(body), CHUNK_SIZE))
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Transfer-Encoding": "chunked",
    }
    try:
        connection.request("POST", path, body=chunks, headers=headers, encode_chunked=True)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_served_default_bake_answers_the_contract(
    bake_variant: BakeVariant, tmp_path: Path
) -> None:
    project = shutil.copytree(bake_variant("default"), tmp_path / "project")
    env = production_env(f"sqlite:///{tmp_path / 'served.db'}")
    migrate(project, env)

    with gunicorn(project, env) as client:
        assert client.call("GET", "/healthz").body == {"data": {"status": "ok"}}
        tokens = sign_up_and_in(client)
        access = tokens["access_token"]

        created = client.call("POST", "/api/v1/posts", {"name": "Hello"}, token=access)
        assert created.status == 201
        post_id = created.body["data"]["id"]
        listed = client.call("GET", "/api/v1/posts?per_page=5", token=access)
        assert [post["id"] for post in listed.body["data"]] == [post_id]
        assert listed.body["meta"]["total"] == 1

        assert client.call("GET", "/api/v1/posts").status == 401
        assert client.call("GET", "/api/v1/posts/not-a-uuid", token=access).status == 404
        invalid = client.call("POST", "/api/v1/posts", {"name": ""}, token=access)
        assert (invalid.status, list(invalid.body["error"]["details"])) == (422, ["name"])

        spent = tokens["refresh_token"]
        renewed = client.call("POST", "/api/v1/auth/refresh", token=spent)
        assert renewed.status == 200
        assert client.call("POST", "/api/v1/auth/refresh", token=spent).status == 401
        newer = renewed.body["data"]["refresh_token"]
        assert client.call("POST", "/api/v1/auth/refresh", token=newer).status == 401


def test_served_bake_holds_the_body_limit_for_chunked_bodies(
    bake_variant: BakeVariant, tmp_path: Path
) -> None:
    project = shutil.copytree(bake_variant("default"), tmp_path / "project")
    env = production_env(f"sqlite:///{tmp_path / 'served.db'}", MAX_CONTENT_LENGTH=str(BODY_LIMIT))
    migrate(project, env)
    small = json.dumps({"name": "Sent in chunks"}).encode()
    oversized = json.dumps({"name": "x", "description": "x" * BODY_LIMIT}).encode()

    with gunicorn(project, env) as client:
        token = sign_up_and_in(client)["access_token"]
        accepted = post_chunked(client.base_url, "/api/v1/posts", small, token)
        refused = post_chunked(client.base_url, "/api/v1/posts", oversized, token)

    assert (accepted[0], accepted[1]["data"]["name"]) == (201, "Sent in chunks")
    assert (refused[0], refused[1]["error"]["code"]) == (413, "request_entity_too_large")
