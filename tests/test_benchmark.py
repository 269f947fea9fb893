"""The benchmark of issue 7 runs end to end; its figures are judged by people, not here.

One short run (one round of one second per pair, one bake, one timed suite run)
covers every step: bakes on SQLite and PostgreSQL, the bake's suite in a venv of
its own dependencies, cold starts, gunicorn servers loaded by wrk, and the budget.
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
    "create_app() cold start",
    "default bake",
    "default baked suite",
    "PostgreSQL: authenticated single-row GET",
    "PostgreSQL: authenticated list of 20",
    "PostgreSQL: list queries",
)


def test_the_benchmark_runs_every_step() -> None:
    result = subprocess.run(
        [sys.executable, "bench/run.py", *SHORT_RUN],
        cwd=TEMPLATE_DIR,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    output = f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    # 1 is a budget line missed, which only a full run can tell; 2 is a broken step.
    assert result.returncode in (0, 1), output
    budget = result.stdout.split("Budget (issue 7):", 1)[-1]
    for line in BUDGET_LINES:
        assert re.search(rf"^  (PASS|FAIL)  {re.escape(line)}", budget, re.MULTILINE), output
    assert "must pass" not in budget, output  # the baked suite passed inside the benchmark
    assert "WARNING" not in budget, output  # no request failed under load
    assert "floor: GET /healthz" in budget, output
