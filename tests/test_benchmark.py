"""The benchmarks run end to end; their figures are judged by people, not here.

One short run of bench/run.py (one round of one second per pair, one bake, one
timed suite run) covers every step: bakes on SQLite and on PostgreSQL with Redis and
without, the bake's suite in a venv of its own dependencies, cold starts, gunicorn
servers loaded by wrk, and the budget. bench/reset_timing.py runs 20 pairs of password resets;
bench/deep_list.py times its four list pages on 2,000 SQLite rows.
"""

from __future__ import annotations

import re
import subprocess
import sys

from tests.helpers import TEMPLATE_DIR, clean_env

SHORT_RUN = (
    *("--rounds", "1", "--seconds", "1", "--warmup", "1"),
    *("--bakes", "1", "--cold-starts", "1", "--suite-runs", "1", "--floor"),
)
BUDGET_LINES = (
    "authenticated single-row GET",
    "authenticated list of 20",
    "list queries",
    "/healthz vs bare Flask",
    "peak RSS per worker at rest",
    "peak RSS per worker after a login",
    "create_app() cold start",
    "default bake",
    "default baked suite",
    "PostgreSQL: authenticated single-row GET",
    "PostgreSQL: authenticated list of 20",
    "PostgreSQL: list queries",
)


def run_bench(script: str, *args: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run ``bench/<script>``: its result, and its output to show when a check fails."""
    result = subprocess.run(
        [sys.executable, f"bench/{script}", *args],
        cwd=TEMPLATE_DIR,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return result, f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def test_the_benchmark_runs_every_step() -> None:
    result, output = run_bench("run.py", *SHORT_RUN)
    # 1 is a budget line missed, which only a full run can tell; 2 is a broken step.
    assert result.returncode in (0, 1), output
    budget = result.stdout.split("Budget (issue 16):", 1)[-1]
    for line in BUDGET_LINES:
        assert re.search(rf"^  (PASS|FAIL)  {re.escape(line)}", budget, re.MULTILINE), output
    assert "must pass" not in budget, output  # the baked suite passed inside the benchmark
    assert "WARNING" not in budget, output  # no request failed under load
    assert "floor: GET /healthz" in budget, output
    assert "PostgreSQL without Redis (no list cache)" in budget, output
    # The ceiling answers each compared request with the baked app's body, byte for byte.
    assert "same JSON body from both: NO" not in result.stdout, output
    assert "same JSON body from both: yes" in result.stdout, output


def test_the_password_reset_timing_runs() -> None:
    result, output = run_bench("reset_timing.py", "--pairs", "20")
    assert result.returncode == 0, output
    for kind in ("known", "unknown"):
        assert re.search(rf"^  {kind} email: +median \d+\.\d+ ms$", result.stdout, re.M), output
    assert re.search(r"slower in \d+ of 20 pairs$", result.stdout, re.MULTILINE), output


def test_the_deep_list_line_runs() -> None:
    result, output = run_bench("deep_list.py", "--rows", "2000", "--database", "sqlite")
    # 1 is the cursor's ratio missed, which only a full run can tell; 2 is a broken step.
    assert result.returncode in (0, 1), output
    for page in ("numbers, first", "numbers, deep", "cursor, first", "cursor, deep"):
        assert re.search(rf"^  {page} +[\d,-]+ +\d+\.\d+ +\d+\.\d+$", result.stdout, re.M), output
    assert re.search(
        r"^  (PASS|FAIL)  SQLite, 2,000 rows: cursor deep/first", result.stdout, re.M
    ), output
