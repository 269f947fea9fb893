"""Real PostgreSQL and Redis servers for the template's tests, on 127.0.0.1.

Each server runs from a throwaway directory on a free port, is started and
stopped by its PID, and never outlives the test session. `.ci/run` installs the
Debian packages; without them the tests that need a server fail, saying so.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from tests.served import free_port

READY_TIMEOUT_SECONDS = 30
MISSING = "{} is not installed: run `bash .ci/run`, or `apt-get install postgresql redis-server`"


def postgres_binaries() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if not found:
        raise RuntimeError(MISSING.format("PostgreSQL"))
    return found[-1].parent


def server_user() -> str | None:
    """PostgreSQL refuses to run as root; it then runs as the `postgres` user."""
    return "postgres" if os.geteuid() == 0 else None


@dataclass
class Postgres:
    """A PostgreSQL cluster of its own; `stop()` and `start()` may be called again."""

    port: int = field(default_factory=free_port)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="pg-")))
    process: subprocess.Popen[bytes] | None = None

    def __post_init__(self) -> None:
        user = server_user()
        if user:
            shutil.chown(self.root, user)
        initdb: list[str | Path] = [postgres_binaries() / "initdb", "-D", self.root / "data"]
        subprocess.run(
            [*initdb, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
            user=user,
            check=True,
            capture_output=True,
        )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        command: list[str | Path] = [postgres_binaries() / "postgres", "-D", self.root / "data"]
        command += ["-p", str(self.port), "-k", self.root, "-c", "listen_addresses=127.0.0.1"]
        command += ["-c", "fsync=off"]  # throwaway data: durability only costs time
        self.process = subprocess.Popen(
            command, user=server_user(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port(self.port, self.process)
        self.wait_until_accepting()

    def wait_until_accepting(self) -> None:
        """The port opens before recovery ends; wait until a session can start."""
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while True:
            try:
                psycopg.connect(self.admin_dsn(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def admin_dsn(self) -> str:
        return self.url().replace("+psycopg", "")

    def stop(self) -> None:
        """Fast shutdown: SIGINT to the postmaster, by its PID."""
        if self.process is not None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=30)
            self.process = None

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.admin_dsn(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class Redis:
    port: int = field(default_factory=free_port)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="redis-")))
    process: subprocess.Popen[bytes] | None = None

    def url(self, database: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError(MISSING.format("Redis"))
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.root)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port(self.port, self.process)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {READY_TIMEOUT_SECONDS} s")
