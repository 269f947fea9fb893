"""wsgi.py's start in a fresh interpreter, for tests/test_start_up.py (loaded by
conftest through pytest_plugins). Importing the whole app takes it half a second, so
it starts as soon as the tests are collected and runs beside the tests before its
own, which then only reads what it printed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conventions.core import PROJECT_ROOT

# Prints whether the collector is on once wsgi.py is imported, and how much is frozen.
IMPORT_WSGI = "import gc, wsgi; print(gc.isenabled(), gc.get_freeze_count())"
STARTED = pytest.StashKey[subprocess.Popen[str]]()


def start_serving() -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "-c", IMPORT_WSGI],
        cwd=PROJECT_ROOT,
        env=os.environ | {"APP_ENV": "testing"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start it now if a test that will run asks for it."""
    # --collect-only runs none; an xdist worker, only some of those it collected.
    if session.config.option.collectonly or hasattr(session.config, "workerinput"):
        return
    if any("serving_start" in getattr(item, "fixturenames", ()) for item in session.items):
        session.config.stash[STARTED] = start_serving()


def pytest_unconfigure(config: pytest.Config) -> None:
    """End it if no test waited for it: the run stopped first."""
    if (process := config.stash.get(STARTED, None)) is not None:
        process.kill()
        process.communicate()


@pytest.fixture
def serving_start(pytestconfig: pytest.Config) -> str:
    """What the interpreter printed; the test fails if it could not import wsgi.py."""
    process = pytestconfig.stash.get(STARTED, None)
    if process is None:  # not started early (an xdist worker), or the test runs again
        process = start_serving()
    else:
        del pytestconfig.stash[STARTED]
    stdout, stderr = process.communicate()
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, process.args, stdout, stderr)
    return stdout
