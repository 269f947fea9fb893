"""A baked project served by gunicorn on 127.0.0.1, and a tiny JSON client for it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tests.helpers import clean_env, run_ok

CREDENTIALS = {"email": "ada@example.com", "password": "correct horse battery"}
PRODUCTION_SECRET = "a-long-random-production-secret-for-tests-only-0123456789"
START_TIMEOUT_SECONDS = 30
REPLY_TIMEOUT_SECONDS = 10
LISTEN_STATE = "0A"  # TCP_LISTEN, as /proc/net/tcp writes it
# Production refuses mail settings that point at localhost or example domains.
PRODUCTION_MAIL = {
    "LINK_BASE_URL": "https://app.flask-api-template.dev",
    "MAIL_DEFAULT_SENDER": "noreply@flask-api-template.dev",
}
T = TypeVar("T")


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any
    headers: Mapping[str, str]

    def header(self, name: str) -> str | None:
        """A response header by its case-insensitive name."""
        wanted = name.lower()
        return next((value for key, value in self.headers.items() if key.lower() == wanted), None)


class JsonClient:
    """Requests against one base URL, every body JSON; no retries, no redirects."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def call(
        self,
        method: str,
        path: str,
        body: object = None,
        token: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        sent = {"Content-Type": "application/json"} if body is not None else {}
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        sent |= headers or {}
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base_url + path, data=data, headers=sent, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=REPLY_TIMEOUT_SECONDS) as response:
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
        **(PRODUCTION_MAIL | extra),
    )


def migrate(project: Path, env: Mapping[str, str]) -> None:
    run_ok([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], project, env)


class ServedClient(JsonClient):
    """A client of a gunicorn server that can show the end of the server's log."""

    def __init__(self, base_url: str, log: Path) -> None:
        super().__init__(base_url)
        self.log = log

    def log_tail(self, chars: int = 4000) -> str:
        return tail_of(self.log, chars)


def tail_of(log: Path, chars: int = 4000) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-chars:]


@contextmanager
def gunicorn(project: Path, env: Mapping[str, str], workers: int = 2) -> Iterator[ServedClient]:
    """Serve ``project`` with its gunicorn.conf.py until the block ends; stop it by PID.

    The server's stderr (the app's JSON log, a line per request) goes to a file: a
    pipe nobody reads would fill up and stall the workers.
    """
    port = free_port()
    # Several masters at once: no per-user control socket for them to share.
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket"]
    settings = {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    handle, name = tempfile.mkstemp(prefix="gunicorn-", suffix=".log")
    os.close(handle)
    log = Path(name)
    try:
        with log.open("ab") as log_file:  # O_APPEND: each worker's lines whole
            server = subprocess.Popen(
                [*command, "wsgi:app"],
                cwd=project,
                env=dict(env) | settings,
                stdout=subprocess.DEVNULL,
                stderr=log_file,
            )
        try:
            client = ServedClient(f"http://127.0.0.1:{port}", log)
            wait_until_healthy(client, server, log)
            yield client
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        log.unlink(missing_ok=True)


def wait_until_healthy(
    client: JsonClient,
    process: subprocess.Popen[bytes],
    log: Path,
    timeout: float = START_TIMEOUT_SECONDS,
) -> None:
    """Until ``client`` gets a 200 from /healthz; fail, showing the end of ``log``, if
    ``process`` (the server, or what starts it) exits first or ``timeout`` runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"{process.args!r} exited with {process.returncode}:\n{tail_of(log)}"
            )
        try:
            if client.call("GET", "/healthz").status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answered /healthz within {timeout:g} s:\n{tail_of(log)}")


class HeldRequest:
    """A request to /healthz sent up to its last header and left there: the sync
    worker that accepted the connection waits for the rest and answers nothing else."""

    def __init__(self, client: JsonClient) -> None:
        address = urllib.parse.urlsplit(client.base_url)
        assert address.hostname == "127.0.0.1", address
        assert address.port is not None, address
        self.sock = socket.create_connection(
            (address.hostname, address.port), timeout=REPLY_TIMEOUT_SECONDS
        )
        self.sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        # Until a worker has taken it, the other worker could: on a loaded machine an
        # idle worker may take a moment to wake up.
        wait_until_accepted(address.port)

    def release(self) -> None:
        """Finish the request and read the answer: its worker is free again."""
        self.sock.sendall(b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := self.sock.recv(65536):
            answer += chunk
        # gunicorn lingers (up to 2 s) after its answer until the client closes.
        self.sock.close()
        status_line = answer.split(b"\r\n", 1)[0]
        assert status_line.startswith(b"HTTP/1.1 200 "), f"held request answered {answer[:200]!r}"


def wait_until_accepted(port: int) -> None:
    """Wait until no connection waits in the accept queue of the server on ``port``."""
    deadline = time.monotonic() + REPLY_TIMEOUT_SECONDS
    while accept_queue_length(port):
        assert time.monotonic() < deadline, (
            f"no worker took a connection in {REPLY_TIMEOUT_SECONDS} s"
        )
        time.sleep(0.005)


def accept_queue_length(port: int) -> int:
    """Connections the server listening on ``port`` has not accepted yet: the receive
    queue Linux reports for a listening socket in /proc/net/tcp."""
    for line in Path("/proc/net/tcp").read_text(encoding="ascii").splitlines()[1:]:
        _slot, local_address, _remote, state, queues, *_rest = line.split()
        if state == LISTEN_STATE and int(local_address.rpartition(":")[2], 16) == port:
            return int(queues.partition(":")[2], 16)
    raise AssertionError(f"nothing listens on port {port}")


def on_each_worker(client: JsonClient, action: Callable[[int], T]) -> list[T]:
    """Run ``action(0)`` with every request answered by one of the server's 2 sync
    workers, then ``action(1)`` with every request answered by the other one.

    Worker processes cannot be addressed, and unpinned requests mostly reach the same
    one. But a sync worker serves one connection at a time, and the listening socket
    hands connections out in the order they came. Two held requests are taken before
    anything sent after them, one by each worker; once the first is finished, one
    worker holds the second and the other answers all of ``action(0)``'s requests.
    A third held request, which only that worker can take, keeps it busy while the
    second is finished: ``action(1)``'s requests all reach the worker that held the
    second. Each action must have every request answered before it returns, and be
    quick: a worker held longer than gunicorn's timeout (30 s) is killed.
    """
    with ExitStack() as stack:

        def hold() -> HeldRequest:
            held = HeldRequest(client)
            stack.callback(held.sock.close)  # whatever happens, no worker stays held
            return held

        first, second = hold(), hold()
        first.release()
        results = [action(0)]
        third = hold()
        second.release()
        results.append(action(1))
        third.release()
        return results


def sign_up_and_in(client: JsonClient) -> dict[str, str]:
    """Register CREDENTIALS and sign in: the token pair."""
    assert client.call("POST", "/api/v1/auth/register", CREDENTIALS).status == 201
    return sign_in(client, CREDENTIALS)


def sign_in(client: JsonClient, credentials: dict[str, str]) -> dict[str, str]:
    """Sign in with ``credentials``: the token pair."""
    reply = client.call("POST", "/api/v1/auth/login", credentials)
    assert reply.status == 200, f"login: {reply.status} {reply.body}"
    tokens: dict[str, str] = reply.body["data"]
    return tokens
