"""Fixtures: the hooks as modules, and bakes of the template with pytest-cookies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.helpers import (
    TEMPLATE_DIR,
    VARIANTS,
    BakeVariant,
    load_hook,
    load_naming,
    write_openapi_snapshot,
)
from tests.servers import Postgres, Redis


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The figures that passing tests measured (``record_property("figure", ...)``), one
    line each: the coverage of each bake, how long its lock took to resolve."""
    figures = sorted(
        f"{report.nodeid}: {value}"
        for report in terminalreporter.stats.get("passed", [])
        for name, value in getattr(report, "user_properties", [])
        if name == "figure"
    )
    if figures:
        terminalreporter.write_sep("=", "figures")
        for line in figures:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def pre_gen() -> ModuleType:
    return load_hook("pre_gen_project")


@pytest.fixture(scope="session")
def post_gen() -> ModuleType:
    return load_hook("post_gen_project")


@pytest.fixture(scope="session")
def naming() -> ModuleType:
    return load_naming()


@pytest.fixture(scope="session")
def bake_variant(cookies_session: Any) -> BakeVariant:
    """Bake a named variant on first use and hand back the same project after that."""
    baked: dict[str, Path] = {}

    def bake(variant: str) -> Path:
        if variant not in baked:
            result = cookies_session.bake(
                extra_context=VARIANTS[variant], template=str(TEMPLATE_DIR)
            )
            assert result.exception is None, f"baking {variant!r} failed: {result.exception!r}"
            write_openapi_snapshot(result.project_path)
            baked[variant] = result.project_path
        return baked[variant]

    return bake


@pytest.fixture(scope="session")
def mypy_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache per worker, outside the baked projects, shared by their checks."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A PostgreSQL server of this session (per xdist worker), removed at its end."""
    server = Postgres()
    server.start()
    yield server
    server.remove()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[Redis]:
    server = Redis()
    server.start()
    yield server
    server.remove()
