"""Gunicorn servers on 127.0.0.1: start, wait until ready, read worker memory, stop by PID."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from procs import HOST, PYTHON, BenchError, Deadline

WORKERS = 2
# The same settings for every server. No control socket: gunicorn's default path is
# shared, and two servers run at once here.
GUNICORN_SETTINGS = (
    f"--workers={WORKERS}",
    "--worker-class=sync",
    "--timeout=30",
    "--graceful-timeout=5",
    "--no-control-socket",
)


class Server:
    """One gunicorn master serving ``app`` from ``cwd``, with its workers.

    Its log goes to ``workdir/<name>.log``. Every server reads the same empty config
    file, so a ``gunicorn.conf.py`` in a baked project cannot change its settings.
    """

    def __init__(
        self, name: str, app: str, cwd: Path, env: dict[str, str], port: int, workdir: Path
    ) -> None:
        self.name = name
        self.app = app
        self.cwd = cwd
        self.env = env
        self.port = port
        self.log = workdir / f"{name}.log"
        self.config = workdir / "gunicorn-empty.conf.py"
        self.process: subprocess.Popen[bytes] | None = None
        self.log_file: IO[bytes] | None = None
        # Worker PID -> its start time, so a PID the system reused is never signalled.
        self.workers: dict[int, int] = {}

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        self.config.touch()
        self.log_file = self.log.open("wb")
        settings = [*GUNICORN_SETTINGS, f"--config={self.config}", f"--bind={HOST}:{self.port}"]
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", *settings, self.app],
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, deadline: Deadline, timeout: float = 30) -> None:
        """Until both workers run and the server answers any HTTP request."""
        end = time.monotonic() + deadline.left(timeout)
        while time.monotonic() < end:
            self.check_alive()
            self.remember_workers()
            if len(self.worker_pids()) == WORKERS and answers(self.url + "/"):
                return
            time.sleep(0.1)
        raise BenchError(f"{self.name} did not start within {timeout:.0f} s\n{self.log_tail()}")

    def check_alive(self) -> None:
        if self.process is None or self.process.poll() is not None:
            raise BenchError(f"{self.name} (gunicorn) is not running\n{self.log_tail()}")

    def worker_pids(self) -> list[int]:
        """PIDs whose parent is this server's master."""
        if self.process is None:
            return []
        return children(self.process.pid)

    def remember_workers(self) -> None:
        for pid in self.worker_pids():
            if (started := start_time(pid)) is not None:
                self.workers[pid] = started

    def cpu_seconds(self) -> float:
        """User + system CPU time its live workers have used so far."""
        ticks = sum(
            int(fields[11]) + int(fields[12])
            for pid in self.worker_pids()
            if (fields := stat_fields(pid))
        )
        return ticks / os.sysconf("SC_CLK_TCK")

    def peak_rss_mib(self) -> list[float]:
        """``VmHWM`` (peak resident set) of each live worker, in MiB."""
        return [peak for pid in self.worker_pids() if (peak := vm_hwm_mib(pid)) is not None]

    def log_tail(self, lines: int = 30) -> str:
        if not self.log.exists():
            return ""
        tail = self.log.read_text(errors="replace").splitlines()[-lines:]
        return f"--- last lines of {self.log}\n" + "\n".join(tail)

    def stop(self) -> None:
        """SIGQUIT (quick shutdown) the master, then SIGKILL it and its workers by PID."""
        if self.process is not None:
            self.remember_workers()
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGQUIT)
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=10)
            for pid, started in self.workers.items():
                if start_time(pid) == started:  # still the same worker: orphaned
                    os.kill(pid, signal.SIGKILL)
        if self.log_file is not None:
            self.log_file.close()

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.stop()


def children(parent: int) -> list[int]:
    pids = [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]
    return [pid for pid in pids if (fields := stat_fields(pid)) and int(fields[1]) == parent]


def start_time(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks after boot), or None if it is gone."""
    fields = stat_fields(pid)
    return int(fields[19]) if fields else None


def stat_fields(pid: int) -> list[str]:
    """``/proc/PID/stat`` from its third field (state, ppid, ...); empty if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return []
    # The command name is in parentheses and may hold spaces: split after it.
    return stat.rpartition(")")[2].split()


def vm_hwm_mib(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def answers(url: str) -> bool:
    """Whether ``url`` gives any HTTP response (an error status counts)."""
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def request_json(
    url: str, *, token: str | None = None, body: dict[str, str] | None = None
) -> tuple[int, Any]:
    """GET (or POST ``body`` as JSON) and return the status and the decoded body."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        text = error.read().decode(errors="replace")
        return error.code, text


def sign_in(baked: Server, email: str, password: str) -> str:
    """An access token from the baked app's login; the ceiling and the floor accept it too."""
    status, body = request_json(
        f"{baked.url}/api/v1/auth/login", body={"email": email, "password": password}
    )
    if status != 200:
        raise BenchError(f"login answered {status}: {body}")
    token: str = body["data"]["access_token"]
    return token
