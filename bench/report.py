"""What the benchmark prints: tables of the load rounds, the other figures, the budget."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from load import Comparison, WrkResult
from project import SuiteRun


@dataclass(frozen=True)
class BudgetLine:
    passed: bool
    text: str


def say(line: str = "") -> None:
    print(line, flush=True)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("flask", "sqlalchemy", "flask-jwt-extended", "gunicorn")
    )
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} CPUs ({cpu}); "
        f"Python {platform.python_version()}; {versions}"
    )


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine skews every figure."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def numbers(values: Sequence[float], unit: float = 1.0, digits: int = 2) -> str:
    return " ".join(f"{value / unit:.{digits}f}" for value in values)


def run_columns(result: WrkResult) -> str:
    errors = f"{result.status_errors}/{result.socket_errors}"
    return f"{result.rate:9.1f} {result.p50_ms:7.2f} {result.p99_ms:7.2f} {errors:>7}"


def comparison_table(comparison: Comparison, baked: str, ceiling: str) -> list[str]:
    """One row per round, then the medians; errors are non-2xx/socket."""
    head = f"{'req/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'errors':>7}"
    lines = [
        comparison.endpoint,
        f"{'':6} {baked:^33} | {ceiling:^33} |",
        f"{'round':6} {head} | {head} | ratio",
    ]
    for number, (mine, best, ratio) in enumerate(
        zip(comparison.baked, comparison.ceiling, comparison.ratios, strict=True), start=1
    ):
        lines.append(f"{number:<6} {run_columns(mine)} | {run_columns(best)} | {ratio:.3f}")
    lines.append(
        f"{'median':6} {median_columns(comparison.baked)} | "
        f"{median_columns(comparison.ceiling)} | {comparison.median_ratio:.3f}"
    )
    baked_cpu = statistics.median(result.cpu_us_per_request for result in comparison.baked)
    ceiling_cpu = statistics.median(result.cpu_us_per_request for result in comparison.ceiling)
    lines.append(
        f"worker CPU per request, median: {baked} {baked_cpu:.0f} us, {ceiling} "
        f"{ceiling_cpu:.0f} us; ratio {comparison.median_cpu_ratio:.3f}"
    )
    return lines


def median_columns(results: Sequence[WrkResult]) -> str:
    rate = statistics.median(result.rate for result in results)
    p50 = statistics.median(result.p50_ms for result in results)
    p99 = statistics.median(result.p99_ms for result in results)
    errors = sum(result.status_errors + result.socket_errors for result in results)
    return f"{rate:9.1f} {p50:7.2f} {p99:7.2f} {errors:>7}"


def error_count(comparison: Comparison) -> int:
    results = [*comparison.baked, *comparison.ceiling]
    return sum(result.status_errors + result.socket_errors for result in results)


def budget(
    single: Comparison,
    listing: Comparison,
    health: Comparison,
    queries: dict[str, int],
    cold_ratio: float,
    bake_seconds: float,
    suite: SuiteRun,
    peak_rss: dict[str, list[float]],
) -> list[BudgetLine]:
    """The budget of issue 16 on SQLite, each line against the measured figure."""
    ceiling = max(peak_rss["ceiling"])
    at_rest, after_login = min(peak_rss["baked"]) / ceiling, max(peak_rss["baked"]) / ceiling
    return [
        *read_budget(single, listing, queries),
        BudgetLine(
            health.median_ratio >= 0.78,
            f"/healthz vs bare Flask: median ratio {health.median_ratio:.3f} >= 0.78",
        ),
        BudgetLine(
            at_rest <= 1.4,
            f"peak RSS per worker at rest: {at_rest:.2f}x the ceiling's <= 1.4x",
        ),
        BudgetLine(
            after_login <= 1.6,
            f"peak RSS per worker after a login: {after_login:.2f}x the ceiling's <= 1.6x",
        ),
        BudgetLine(
            cold_ratio <= 1.10,
            f"create_app() cold start: {cold_ratio:.2f}x the rulebook's libraries <= 1.10x",
        ),
        BudgetLine(bake_seconds <= 1.0, f"default bake: median {bake_seconds:.2f} s <= 1 s"),
        BudgetLine(
            suite.passed and suite.seconds <= 5.0,
            f"default baked suite: {suite.seconds:.2f} s <= 5 s"
            + ("" if suite.passed else f" (and it must pass: {suite.summary})"),
        ),
    ]


def read_budget(
    single: Comparison, listing: Comparison, queries: dict[str, int], database: str = ""
) -> list[BudgetLine]:
    """The lines on the two post reads; ``database`` names a database other than SQLite,
    where the single read's bar is 0.70 rather than 0.72."""
    on = f"{database}: " if database else ""
    single_bar = 0.70 if database else 0.72
    return [
        BudgetLine(
            single.median_ratio >= single_bar,
            f"{on}authenticated single-row GET: median ratio {single.median_ratio:.3f}"
            f" >= {single_bar:.2f}",
        ),
        BudgetLine(
            listing.median_ratio >= 0.90,
            f"{on}authenticated list of 20: median ratio {listing.median_ratio:.3f} >= 0.90",
        ),
        BudgetLine(
            queries["list_10"] == queries["list_100"],
            f"{on}list queries: {queries['list_10']} at per_page 10"
            f" == {queries['list_100']} at per_page 100",
        ),
    ]
