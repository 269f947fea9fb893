"""A baked project served by gunicorn on 127.0.0.1, and a tiny JSON client for it."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.helpers import clean_env, run_ok

CREDENTIALS = {"email": "ada@example.com", "password": "correct horse battery"}
PRODUCTION_SECRET = "a-long-random-production-secret-for-tests-only-0123456789"
START_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any
    headers: Mapping[str, str]


class JsonClient:
    """Requests against one base URL, every body JSON; no retries, no redirects."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def call(self, method: str, path: str, body: object = None, token: str | None = None) -> Reply:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base_url + path, data=data, headers=headers, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, parse(response.read()), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Reply(error.code, parse(error.read()), dict(error.headers))


def parse(raw: bytes) -> Any:
    return json.loads(raw) if raw else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    return clean_env(
        APP_ENV="production",
        DATABASE_URL=database_url,
        SECRET_KEY=PRODUCTION_SECRET,
        JWT_SECRET_KEY=PRODUCTION_SECRET,
        **extra,
    )


def migrate(project: Path, env: Mapping[str, str]) -> None:
    run_ok([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], project, env)


@contextmanager
def gunicorn(project: Path, env: Mapping[str, str], workers: int = 2) -> Iterator[JsonClient]:
    """Serve ``project`` with its gunicorn.conf.py until the block ends; stop it by PID."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
    settings = {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    server = subprocess.Popen(
        command,
        cwd=project,
        env=dict(env) | settings,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        client = JsonClient(f"http://127.0.0.1:{port}")
        wait_until_healthy(client, server)
        yield client
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_healthy(client: JsonClient, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            stderr = server.stderr.read().decode() if server.stderr else ""
            raise AssertionError(f"gunicorn exited with {server.returncode}:\n{stderr[-4000:]}")
        try:
            if client.call("GET", "/healthz").status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"gunicorn did not answer /healthz within {START_TIMEOUT_SECONDS} s")


def sign_up_and_in(client: JsonClient) -> dict[str, str]:
    """Register CREDENTIALS and sign in: the token pair."""
    assert client.call("POST", "/api/v1/auth/register", CREDENTIALS).status == 201
    reply = client.call("POST", "/api/v1/auth/login", CREDENTIALS)
    assert reply.status == 200
    tokens: dict[str, str] = reply.body["data"]
    return tokens
