"""Subprocess helpers shared by the benchmark: a run-wide deadline, a clean environment."""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = BENCH_DIR.parent
PYTHON = sys.executable
HOST = "127.0.0.1"

# The settings a developer's shell may carry into a bake (TEST_DATABASE_URL, REDIS_URL,
# ...) are listed once, beside the template's tests, which drop the same ones.
sys.path.insert(0, str(TEMPLATE_DIR))
from tests.helpers import LEAKY_VARIABLES  # noqa: E402


class BenchError(RuntimeError):
    """A step of the benchmark failed; the message says which and why."""


class Deadline:
    """The time the whole run may take; every subprocess waits at most what is left."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self, cap: float | None = None) -> float:
        """Seconds left (at most ``cap``); raise once the run is out of time."""
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise BenchError(f"out of time: the run is limited to {self.seconds:.0f} s")
        return remaining if cap is None else min(remaining, cap)


def in_work_directory(prefix: str, keep: bool, body: Callable[[Path], int]) -> int:
    """Run ``body`` in a new temporary directory: its exit status, or 2 when a step of
    it fails (``BenchError``). The directory is removed at the end unless ``keep``."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        return body(workdir)
    except BenchError as error:
        print(f"benchmark failed: {error}", file=sys.stderr, flush=True)
        return 2
    finally:
        if keep:
            print(f"kept {workdir}", flush=True)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def clean_env(**overrides: str) -> dict[str, str]:
    """This process's environment without settings that leak into a baked project."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in LEAKY_VARIABLES and not name.startswith(("PYTEST_", "FLASK_"))
    }
    return env | overrides


def run(
    args: Sequence[str | Path],
    *,
    cwd: Path,
    deadline: Deadline,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run a command to completion; raise BenchError with its output unless it exits 0."""
    command = [str(arg) for arg in args]
    try:
        result = subprocess.run(
            command,
            cwd=cwd,
            env=dict(env) if env is not None else clean_env(),
            capture_output=True,
            text=True,
            timeout=deadline.left(timeout),
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"`{' '.join(command)}` timed out after {error.timeout:.0f} s") from error
    if check and result.returncode != 0:
        raise BenchError(
            f"`{' '.join(command)}` in {cwd} exited {result.returncode}\n"
            f"--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}"
        )
    return result


def timed_run(
    args: Sequence[str | Path],
    *,
    cwd: Path,
    deadline: Deadline,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
    check: bool = True,
) -> tuple[float, subprocess.CompletedProcess[str]]:
    """``run`` and its wall-clock seconds."""
    started = time.perf_counter()
    result = run(args, cwd=cwd, deadline=deadline, env=env, timeout=timeout, check=check)
    return time.perf_counter() - started, result


def use_bytecode_cache(prefix: Path, deadline: Deadline) -> None:
    """Cache bytecode under ``prefix`` for every process started from now on, precompiled.

    A venv that uv built holds no ``.pyc`` files, and a shell may set
    ``PYTHONDONTWRITEBYTECODE``: then every process compiles each module it imports,
    and start-up times measure the compiler. ``compileall`` does what ``pip install``
    does, into a directory of the run, so the venv and the repository stay untouched.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(prefix)
    paths = sysconfig.get_paths()
    compile_all = [PYTHON, "-m", "compileall", "-q", "-j0"]
    # The standard library without its tests; then this venv's packages. Some files
    # there are not meant to compile (templates, code for other Pythons): the exit
    # status is noise, so it is not checked.
    stdlib_skip = r"[/\\](test|tests|idlelib|lib2to3|site-packages)[/\\]"
    run(
        [*compile_all, "-x", stdlib_skip, paths["stdlib"]],
        cwd=TEMPLATE_DIR,
        deadline=deadline,
        timeout=300,
        check=False,
    )
    packages = sorted({paths["purelib"], paths["platlib"]})
    run([*compile_all, *packages], cwd=TEMPLATE_DIR, deadline=deadline, timeout=300, check=False)


def free_ports(count: int) -> list[int]:
    """``count`` different TCP ports on 127.0.0.1 that nothing listens on right now."""
    probes = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for probe in probes:
            probe.bind((HOST, 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def median(values: Sequence[float]) -> float:
    return statistics.median(values)
