"""Fuzz every operation of the OpenAPI document in-process with schemathesis.

No answer may be a 5xx, and every answer must match the document: status, content
type, body schema, headers (``Allow`` on 405 too).

By default the run is deterministic and quick: the document's examples and
schemathesis' coverage phase (every boundary value and every kind of invalid input
the schemas define, a few hundred requests). ``FUZZ_EXAMPLES=N`` adds N random
examples per operation (CI runs with 50); for a long run:
``FUZZ_EXAMPLES=200 pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.openapi import from_wsgi
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app import create_app
from app.extensions import limiter

SPEC_URL = "/api/v1/openapi.json"
# Only a cursor this API signed, for the sort it was made for, is valid: no generator
# can make one, so a list given a generated cursor may answer 422 to a "valid" value.
OPAQUE_PARAMETERS = frozenset({"cursor"})
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))

# Loaded at import, from an app of its own, because schemathesis needs the operations
# to parametrize the test; each case then runs against the ``app`` fixture.
schema = from_wsgi(SPEC_URL, create_app("testing"))
PHASES = ["examples", "coverage"] + (["fuzzing"] if EXAMPLES else [])
schema.config.phases.update(phases=PHASES)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Name the phases in each operation's test id: ``...[GET /healthz][examples+coverage]``.

    Parametrized by pytest, schemathesis' items get node ids of their own. Otherwise,
    under pytest 9.2, every operation's item has the bare function's node id, and
    pytest counts them as one test: its progress never reaches 100%.
    """
    metafunc.parametrize("phases", ["+".join(PHASES)])


@pytest.fixture(autouse=True)
def no_rate_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hundreds of requests a minute are the point here; other tests cover the 429s."""
    monkeypatch.setattr(limiter, "enabled", False)


@schema.parametrize()
@settings(
    max_examples=max(EXAMPLES, 1),  # hypothesis wants one; unused without the fuzzing phase
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_matches_its_spec(case: Case[Any], app: Flask, phases: str) -> None:
    opaque = OPAQUE_PARAMETERS.intersection(case.query or {})
    case.call_and_validate(app=app, excluded_checks=[positive_data_acceptance] if opaque else [])
