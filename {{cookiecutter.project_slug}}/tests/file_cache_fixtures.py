"""The list cache's files for the suite: a temporary folder of each test process's own
(one per xdist worker), outside the project, that every app the tests create uses."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The folder of this process, and the CACHE_DIR the environment had before.
CACHE_DIR = pytest.StashKey[tuple[Path, str | None]]()


def pytest_configure(config: pytest.Config) -> None:
    """Set CACHE_DIR before the tests are collected: some create an app on import."""
    folder = Path(tempfile.mkdtemp(prefix="cache-"))
    config.stash[CACHE_DIR] = (folder, os.environ.get("CACHE_DIR"))
    os.environ["CACHE_DIR"] = str(folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the folder, and give CACHE_DIR back its value."""
    folder, before = config.stash[CACHE_DIR]
    shutil.rmtree(folder, ignore_errors=True)
    if before is None:
        os.environ.pop("CACHE_DIR", None)
    else:
        os.environ["CACHE_DIR"] = before
