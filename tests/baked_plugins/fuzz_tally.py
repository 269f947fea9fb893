"""A pytest plugin for a baked project's run (``-p fuzz_tally``): counts the requests
schemathesis sends by operation and status, and writes them to ``$FUZZ_TALLY_FILE``."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import schemathesis

TALLY: Counter[str] = Counter()


@schemathesis.hook
def after_call(
    _context: schemathesis.HookContext,
    case: schemathesis.Case[Any],
    response: schemathesis.Response,
) -> None:
    TALLY[f"{case.operation.method.upper()} {case.operation.path} {response.status_code}"] += 1


def pytest_sessionfinish() -> None:
    Path(os.environ["FUZZ_TALLY_FILE"]).write_text(json.dumps(TALLY), encoding="utf-8")
