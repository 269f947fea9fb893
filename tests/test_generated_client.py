"""A typed Python client generated from a bake's openapi.json by openapi-python-client
reads as the bake's code does (one module per operation, named after its handler)
and drives the whole flow against the bake served by gunicorn on 127.0.0.1, every
answer, errors included, parsed into a model of the client."""

from __future__ import annotations

import importlib
import shutil
import sys
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.helpers import BakeVariant, clean_env, run_ok
from tests.served import gunicorn, migrate, production_env

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PASSWORD = "correct horse battery"
# What the default bake's posts are called in the client: one module per handler.
EXPECTED_MODULES = {
    "auth": {
        "change_password",
        "end_session",
        "list_signed_in_sessions",
        "login",
        "logout",
        "refresh",
        "register",
        "request_password_reset",
        "reset_password",
    },
    "posts": {
        "create_post",
        "delete_post",
        "get_post",
        "list_posts",
        "replace_post",
        "update_post",
    },
}


def generate_client(project: Path, output: Path) -> ModuleType:
    """Write the bake's OpenAPI document, generate a client package from it, import it."""
    env = clean_env(PATH=f"{GENERATOR.parent}:{clean_env().get('PATH', '')}")
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "openapi", "write", "openapi.json"]
    run_ok(flask, project, env)
    generate: list[str | Path] = [
        GENERATOR,
        "generate",
        "--path",
        "openapi.json",
        "--output-path",
        output,
    ]
    run_ok([*generate, "--meta", "none"], project, env)
    sys.path.insert(0, str(output.parent))
    try:
        return importlib.import_module(output.name)
    finally:
        sys.path.remove(str(output.parent))


def operation(package: ModuleType, tag: str, name: str) -> Any:
    return importlib.import_module(f"{package.__name__}.api.{tag}.{name}")


def model(package: ModuleType, name: str) -> Any:
    return getattr(importlib.import_module(f"{package.__name__}.models"), name)


def test_a_generated_client_drives_the_served_bake(
    bake_variant: BakeVariant, tmp_path: Path
) -> None:
    project = Path(shutil.copytree(bake_variant("default"), tmp_path / "project"))
    package = generate_client(project, tmp_path / f"client_{uuid.uuid4().hex[:8]}")
    generated = {
        tag: {
            path.stem
            for path in (Path(str(package.__file__)).parent / "api" / tag).glob("[!_]*.py")
        }
        for tag in EXPECTED_MODULES
    }
    assert generated == EXPECTED_MODULES

    env = production_env(f"sqlite:///{tmp_path / 'app.db'}")
    migrate(project, env)
    with gunicorn(project, env, workers=2) as server:
        drive(package, server.base_url)


def drive(client: ModuleType, base_url: str) -> None:
    """Register, sign in, then create, list, read, change (with If-Match, then with a
    stale one: 412), send a bad body (422), go without a token (401), delete, and read
    what was deleted (404)."""
    envelope = model(client, "ErrorEnvelope")
    anonymous = client.Client(base_url=base_url)
    credentials = {"email": f"ada-{uuid.uuid4().hex[:6]}@example.com", "password": PASSWORD}
    register = operation(client, "auth", "register")
    signed_up = register.sync_detailed(
        client=anonymous, body=model(client, "CreateUser")(**credentials)
    )
    assert (signed_up.status_code, type(signed_up.parsed).__name__) == (201, "UserResponseEnvelope")
    login = operation(client, "auth", "login")
    tokens = login.sync(client=anonymous, body=model(client, "Login")(**credentials)).data
    user = client.AuthenticatedClient(base_url=base_url, token=tokens.access_token)

    create = operation(client, "posts", "create_post")
    created = create.sync_detailed(client=user, body=model(client, "CreatePost")(name="First"))
    assert (created.status_code, type(created.parsed).__name__) == (201, "PostResponseEnvelope")
    post_id = created.parsed.data.id
    listed = operation(client, "posts", "list_posts").sync(client=user)
    assert [post.id for post in listed.data] == [post_id]
    assert listed.meta.total == 1
    get = operation(client, "posts", "get_post")
    read = get.sync_detailed(post_id, client=user)
    etag = read.headers["ETag"]

    update = operation(client, "posts", "update_post")
    changes = model(client, "UpdatePostPartial")(name="Second")
    changed = update.sync_detailed(post_id, client=user, body=changes, if_match=etag)
    assert (changed.status_code, changed.parsed.data.name) == (200, "Second")
    stale = update.sync_detailed(post_id, client=user, body=changes, if_match=etag)
    assert (stale.status_code, stale.parsed.error.code) == (412, "precondition_failed")
    assert isinstance(stale.parsed, envelope)
    bad = create.sync_detailed(client=user, body=model(client, "CreatePost")(name=""))
    assert (bad.status_code, isinstance(bad.parsed, envelope)) == (422, True)
    assert "name" in bad.parsed.error.details.additional_properties
    unauthenticated = get.sync_detailed(post_id, client=anonymous)
    assert (unauthenticated.status_code, unauthenticated.parsed.error.code) == (
        401,
        "token_missing",
    )

    delete = operation(client, "posts", "delete_post")
    deleted = delete.sync_detailed(post_id, client=user, if_match=changed.headers["ETag"])
    assert deleted.status_code == 204
    gone = get.sync_detailed(post_id, client=user)
    assert (gone.status_code, gone.parsed.error.code) == (404, "not_found")
