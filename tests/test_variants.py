"""Each answer set in VARIANTS, baked once, must be complete, clean, linted, typed and green."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import (
    SCAFFOLD_TEMPLATES,
    VARIANTS,
    BakeVariant,
    clean_env,
    leftover_jinja,
    load_naming,
    run_ok,
)

variants = pytest.mark.parametrize("variant", VARIANTS)
naming = load_naming()

PLACEHOLDER = re.compile(r"__(domain|module)__")
# pytest-cov's verdict on `fail_under` in the bake's pyproject.toml.
COVERAGE_GATE = re.compile(
    r"Required test coverage of (?P<required>[\d.]+)% reached\. "
    r"Total coverage: (?P<total>[\d.]+)%"
)
TOOL_CACHES = {".mypy_cache", ".ruff_cache", ".pytest_cache", "__pycache__"}
COMMON_FILES = [
    "app/__init__.py",
    "app/extensions.py",
    "app/errors.py",
    "app/middleware.py",
    "app/models/__init__.py",
    "app/models/base.py",
    "app/api/health/routes.py",
    "config.py",
    "settings/__init__.py",
    "wsgi.py",
    "migrations/env.py",
    "migrations/versions/0001_initial_schema.py",
    "tests/conftest.py",
    "tests/factories.py",
    "tests/test_openapi.py",
    "tests/test_fuzz.py",
    "app/api/openapi.py",
    "app/api/swagger-initializer.js",
    "app/templates/swagger_ui.html",
    "pyproject.toml",
    "README.md",
    ".env.example",
    ".cookiecutter.json",
    "scaffold/naming.py",
    "scaffold/options.json",
    "scaffold/templates/domain/app/models/__module__.py.jinja",
    "scaffold/templates/partials/domain_factory.py.jinja",
]
PACKAGE_MODULES = ("__init__", "routes", "services", "schemas")
AUTH_PATHS = [
    *(
        f"app/api/{package}/{module}.py"
        for package in ("auth", "users")
        for module in PACKAGE_MODULES
    ),
    "app/models/user.py",
    "app/models/refresh_token_family.py",
    "app/auth_extensions.py",
    "settings/accounts.py",
    "tests/test_auth",
    "tests/test_users",
    "tests/auth_fixtures.py",
]
NEVER_BAKED = ["_skeleton", ".bake-plan.json"]


def uses_jwt(variant: str) -> bool:
    return VARIANTS[variant].get("auth", "jwt") != "none"


def domains_of(variant: str) -> list[dict[str, str]]:
    names = naming.split_domains(VARIANTS[variant].get("domains", "posts"))
    return [naming.domain_names(name) for name in names]


def domain_paths(domain: dict[str, str]) -> list[str]:
    package = f"app/api/{domain['name']}"
    modules = [f"{package}/{module}.py" for module in PACKAGE_MODULES]
    return [*modules, f"app/models/{domain['module']}.py", f"tests/test_{domain['name']}"]


def baked_files(project: Path) -> list[str]:
    """Every file of a bake, relative to it, ignoring the caches of tools run on it."""
    relative = (path.relative_to(project) for path in project.rglob("*") if path.is_file())
    return [path.as_posix() for path in relative if not TOOL_CACHES & set(path.parts)]


@variants
def test_no_jinja_left(bake_variant: BakeVariant, variant: str) -> None:
    project = bake_variant(variant)
    files = baked_files(project)
    assert leftover_jinja(project, files) == []
    baked_paths = [path for path in files if not path.startswith(SCAFFOLD_TEMPLATES)]
    assert [path for path in baked_paths if PLACEHOLDER.search(path)] == []


@variants
def test_expected_files_present(bake_variant: BakeVariant, variant: str) -> None:
    project = bake_variant(variant)
    expected = COMMON_FILES + (AUTH_PATHS if uses_jwt(variant) else [])
    expected += [path for domain in domains_of(variant) for path in domain_paths(domain)]
    assert [path for path in expected if not (project / path).exists()] == []
    for domain in domains_of(variant):
        assert list((project / f"tests/test_{domain['name']}").glob("test_*.py"))


@variants
def test_disabled_files_absent(bake_variant: BakeVariant, variant: str) -> None:
    project = bake_variant(variant)
    unwanted = NEVER_BAKED + ([] if uses_jwt(variant) else AUTH_PATHS)
    assert [path for path in unwanted if (project / path).exists()] == []
    packages = {path.name for path in (project / "app/api").iterdir() if path.is_dir()}
    expected = {"health", *(domain["name"] for domain in domains_of(variant))}
    assert packages - TOOL_CACHES == expected | ({"auth", "users"} if uses_jwt(variant) else set())


@variants
def test_ruff_check(bake_variant: BakeVariant, variant: str) -> None:
    run_ok([sys.executable, "-m", "ruff", "check", "--no-cache", "."], bake_variant(variant))


@variants
def test_ruff_format(bake_variant: BakeVariant, variant: str) -> None:
    command = [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."]
    run_ok(command, bake_variant(variant))


@variants
def test_mypy(bake_variant: BakeVariant, variant: str, mypy_cache_dir: Path) -> None:
    # The project by its absolute path: the cache is shared with the other bakes, and a
    # relative path would trust another bake's entry for a file of the same size written
    # in the same second; with a path of its own, mypy compares the file's hash.
    project = bake_variant(variant)
    command = [sys.executable, "-m", "mypy", "--cache-dir", str(mypy_cache_dir), str(project)]
    run_ok(command, project)


@variants
def test_baked_test_suite(
    bake_variant: BakeVariant,
    variant: str,
    tmp_path: Path,
    record_property: Callable[[str, object], None],
) -> None:
    """The suite as the baked CI runs it: green, and over the line coverage it requires."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--cov"]
    # The coverage data outside the bake, which other tests read.
    env = clean_env(COVERAGE_FILE=str(tmp_path / ".coverage"))
    result = run_ok(command, bake_variant(variant), env)
    assert re.search(r"\b\d+ passed\b", result.stdout)
    assert not re.search(r"\b\d+ (skipped|xfailed|failed|errors?)\b", result.stdout)
    # Each test has a node id of its own, schemathesis' fuzz cases included.
    assert "[100%]" in result.stdout
    gate = COVERAGE_GATE.search(result.stdout)
    assert gate, result.stdout[-3000:]
    record_property("figure", f"line coverage {gate['total']}% (CI requires {gate['required']}%)")


@variants
def test_migration_round_trip(bake_variant: BakeVariant, variant: str, tmp_path: Path) -> None:
    env = clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'round_trip.db'}", APP_ENV="development")
    flask_db = [sys.executable, "-m", "flask", "--app", "wsgi", "db"]
    for step in (["upgrade"], ["downgrade", "base"], ["upgrade"], ["check"]):
        run_ok([*flask_db, *step], bake_variant(variant), env)
    assert (tmp_path / "round_trip.db").stat().st_size > 0
