"""The PostgreSQL + Redis bake against real servers on 127.0.0.1: its own suite, the
migration round trip, state shared by two gunicorn servers, and outages survived."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from tests.helpers import BakeVariant, clean_env, run_ok
from tests.served import CREDENTIALS, gunicorn, migrate, production_env, sign_up_and_in
from tests.servers import Postgres, Redis

VARIANT = "postgres_redis"
LOGIN_LIMIT = 5


def test_suite_passes_on_real_postgres_and_redis(
    bake_variant: BakeVariant, postgres: Postgres, redis_server: Redis
) -> None:
    env = clean_env(
        TEST_DATABASE_URL=postgres.create_database("suite"), TEST_REDIS_URL=redis_server.url(1)
    )
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    result = run_ok(command, bake_variant(VARIANT), env)
    assert re.search(r"\b\d+ passed\b", result.stdout)
    assert not re.search(r"\b\d+ (skipped|xfailed|failed|errors?)\b", result.stdout)


def test_migrations_round_trip_on_postgres(bake_variant: BakeVariant, postgres: Postgres) -> None:
    env = clean_env(APP_ENV="development", DATABASE_URL=postgres.create_database("migrations"))
    flask_db = [sys.executable, "-m", "flask", "--app", "wsgi", "db"]
    for step in (["upgrade"], ["downgrade", "base"], ["upgrade"], ["check"]):
        run_ok([*flask_db, *step], bake_variant(VARIANT), env)


def served_copy(bake_variant: BakeVariant, tmp_path: Path) -> Path:
    return shutil.copytree(bake_variant(VARIANT), tmp_path / "project")


def test_two_servers_share_rate_limits_and_revoked_tokens(
    bake_variant: BakeVariant, tmp_path: Path, postgres: Postgres, redis_server: Redis
) -> None:
    project = served_copy(bake_variant, tmp_path)
    env = production_env(
        postgres.create_database("shared"),
        REDIS_URL=redis_server.url(2),
        AUTH_RATE_LIMIT=f"{LOGIN_LIMIT} per minute",
    )
    migrate(project, env)

    with gunicorn(project, env, workers=1) as first, gunicorn(project, env, workers=1) as second:
        spent = sign_up_and_in(first)["refresh_token"]
        newer = first.call("POST", "/api/v1/auth/refresh", token=spent).body["data"]
        assert second.call("POST", "/api/v1/auth/refresh", token=spent).status == 401
        assert (
            first.call("POST", "/api/v1/auth/refresh", token=newer["refresh_token"]).status == 401
        )

        wrong = CREDENTIALS | {"password": "wrong password"}
        servers = [second, first] * LOGIN_LIMIT  # one login was made above, on `first`
        statuses = [server.call("POST", "/api/v1/auth/login", wrong).status for server in servers]
        assert statuses[: LOGIN_LIMIT - 1] == [401] * (LOGIN_LIMIT - 1)
        assert set(statuses[LOGIN_LIMIT - 1 :]) == {429}


def test_outages_give_503_envelopes_and_heal_without_a_restart(
    bake_variant: BakeVariant, tmp_path: Path, postgres: Postgres, redis_server: Redis
) -> None:
    project = served_copy(bake_variant, tmp_path)
    env = production_env(postgres.create_database("outage"), REDIS_URL=redis_server.url(3))
    migrate(project, env)

    with gunicorn(project, env, workers=2) as client:
        token = sign_up_and_in(client)["access_token"]
        assert client.call("GET", "/readyz").status == 200

        postgres.stop()
        try:
            down = client.call("GET", "/api/v1/posts", token=token)
            ready = client.call("GET", "/readyz")
        finally:
            postgres.start()
        assert (down.status, down.body["error"]["code"]) == (503, "service_unavailable")
        assert "Traceback" not in str(down.body)
        assert (ready.status, ready.body["error"]["details"]["database"]) == (503, "unavailable")
        assert client.call("GET", "/api/v1/posts", token=token).status == 200
        assert client.call("GET", "/readyz").status == 200

        redis_server.stop()
        try:
            created = client.call("POST", "/api/v1/posts", {"name": "No Redis"}, token=token)
            listed = client.call("GET", "/api/v1/posts", token=token)
            login = client.call("POST", "/api/v1/auth/login", CREDENTIALS)
            ready = client.call("GET", "/readyz")
        finally:
            redis_server.start()
        assert (created.status, listed.status, login.status) == (201, 200, 200)
        assert listed.body["meta"]["total"] == 1
        assert (ready.status, ready.body["error"]["details"]["redis"]) == (503, "unavailable")
