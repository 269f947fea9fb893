"""The default bake, migrated and served by gunicorn (2 workers) on 127.0.0.1,
answers the API contract over real HTTP."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers import BakeVariant
from tests.served import gunicorn, migrate, production_env, sign_up_and_in


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
