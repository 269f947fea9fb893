"""Load with wrk: one run, and interleaved A/B rounds of the baked app against its ceiling."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

from procs import BENCH_DIR, BenchError, Deadline

WRK_SCRIPT = BENCH_DIR / "wrk_report.lua"
RESULT_PREFIX = "BENCH_RESULT "


@dataclass(frozen=True)
class LoadSettings:
    threads: int
    connections: int
    seconds: int
    rounds: int
    warmup_seconds: int


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    status_errors: int  # HTTP status >= 400
    socket_errors: int  # connect, read, write and timeouts
    p50_ms: float
    p99_ms: float
    cpu_seconds: float  # used by the server's workers during the run

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def cpu_us_per_request(self) -> float:
        """Less skewed than req/s by other work on the machine, wrk included."""
        return self.cpu_seconds / max(self.requests, 1) * 1e6


@dataclass(frozen=True)
class Comparison:
    """Rounds of one endpoint: ``baked[i]`` and ``ceiling[i]`` ran back to back."""

    endpoint: str
    baked: list[WrkResult]
    ceiling: list[WrkResult]

    @property
    def ratios(self) -> list[float]:
        return [mine.rate / best.rate for mine, best in zip(self.baked, self.ceiling, strict=True)]

    @property
    def median_ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def median_cpu_ratio(self) -> float:
        """Ceiling's worker CPU per request over the baked app's, median of the rounds."""
        return statistics.median(
            best.cpu_us_per_request / mine.cpu_us_per_request
            for mine, best in zip(self.baked, self.ceiling, strict=True)
        )


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise BenchError(
            "wrk is not installed. On Debian or Ubuntu: apt-get update && apt-get install -y wrk"
        )
    return path


@dataclass(frozen=True)
class Target:
    """A URL and how to read the CPU time its server's workers have used."""

    url: str
    cpu_seconds: Callable[[], float]


def run_wrk(
    target: Target, token: str | None, settings: LoadSettings, seconds: int, deadline: Deadline
) -> WrkResult:
    """Load the target for ``seconds`` with the configured threads and connections."""
    url = target.url
    command = [
        require_wrk(),
        f"--threads={settings.threads}",
        f"--connections={settings.connections}",
        f"--duration={seconds}s",
        "--timeout=5s",
        f"--script={WRK_SCRIPT}",
    ]
    if token is not None:
        command.append(f"--header=Authorization: Bearer {token}")
    command.append(url)
    cpu_before = target.cpu_seconds()
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=deadline.left(seconds + 30),
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"wrk on {url} did not finish in time") from error
    cpu_used = target.cpu_seconds() - cpu_before
    lines = [line for line in result.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if result.returncode != 0 or not lines:
        raise BenchError(f"wrk on {url} failed:\n{result.stdout}\n{result.stderr}")
    raw = json.loads(lines[-1].removeprefix(RESULT_PREFIX))
    return WrkResult(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        status_errors=raw["status_errors"],
        socket_errors=raw["socket_errors"],
        p50_ms=raw["p50_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        cpu_seconds=cpu_used,
    )


def compare(
    endpoint: str,
    baked_app: Target,
    ceiling: Target,
    token: str | None,
    settings: LoadSettings,
    deadline: Deadline,
) -> Comparison:
    """Warm both up, then load them in turn, swapping which goes first every round."""
    for target in (baked_app, ceiling):
        run_wrk(target, token, settings, settings.warmup_seconds, deadline)
    baked_results: list[WrkResult] = []
    ceiling_results: list[WrkResult] = []
    for round_number in range(settings.rounds):
        runs = [(baked_app, baked_results), (ceiling, ceiling_results)]
        for target, results in runs if round_number % 2 == 0 else reversed(runs):
            results.append(run_wrk(target, token, settings, settings.seconds, deadline))
    return Comparison(endpoint, baked_results, ceiling_results)
