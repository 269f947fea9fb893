"""A bake's lock: the README's first setup command writes uv.lock, every install that CI
and the Dockerfile make is exactly that lock, and one stops when pyproject.toml changed
without it.

No network: uv resolves and installs offline from its cache, which holds every wheel
and every platform's metadata these bakes need because scripts/test.sh installed and
locked the template's dev group. The audit needs a vulnerability database: here its
export runs, and pip-audit only as a dry run. These bakes ask for Python 3.11, the
version of this venv, which `uv lock` must satisfy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.deploy_options import read_yaml, tool
from tests.helpers import BakeVariant, clean_env, run_ok
from tests.test_deploy_files import DOCKER_SYNC, instructions

# The binary: `python -m uv` would set VIRTUAL_ENV to this venv for the command.
UV = [tool("uv")]
RUN_IT = re.compile(r"^## Run it\n+```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)
# uv's summary of a lock: "Resolved 89 packages in 21ms".
RESOLVED = re.compile(r"Resolved (\d+) packages in ([\d.]+m?s)")
# uv's refusal, after `--locked` or `--check`.
STALE_LOCK = "The lockfile at `uv.lock` needs to be updated, but `{flag}` was provided."
DEV_TOOLS = ("pytest", "ruff", "mypy", "coverage", "schemathesis")


def offline_env(**overrides: str) -> dict[str, str]:
    """A shell with uv (this venv's) on PATH, offline, using this Python, no venv active."""
    env = clean_env(UV_OFFLINE="1", UV_PYTHON=sys.executable, UV_PYTHON_DOWNLOADS="never")
    env.pop("VIRTUAL_ENV", None)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    return env | overrides


def copy_of(bake_variant: BakeVariant, variant: str, tmp_path: Path) -> Path:
    """A copy of the bake, so that its lock and venv stay out of the shared one."""
    return Path(shutil.copytree(bake_variant(variant), tmp_path / "project"))


def first_setup_command(project: Path) -> str:
    """The first command of the baked README's Run it block, without its comment."""
    block = RUN_IT.search((project / "README.md").read_text(encoding="utf-8"))
    assert block is not None, "the README has no Run it block"
    return block.group(1).splitlines()[0].split("#")[0].strip()


def lock(project: Path) -> None:
    run_ok([*UV, "lock"], project, offline_env())


def packages_of(venv: Path) -> set[str]:
    """The distribution names installed in ``venv``."""
    (site_packages,) = venv.glob("lib/python3*/site-packages")
    found = (path.name.split("-")[0] for path in site_packages.glob("*.dist-info"))
    return {name.lower().replace("_", "-") for name in found}


@pytest.mark.parametrize("variant", ["default", "postgres_redis", "field_specs"])
def test_the_readme_setup_writes_the_lock_and_the_locked_sync_installs_it(
    bake_variant: BakeVariant,
    variant: str,
    tmp_path: Path,
    record_property: Callable[[str, object], None],
) -> None:
    project = copy_of(bake_variant, variant, tmp_path)
    setup = first_setup_command(project)
    assert setup == "uv sync"

    run_ok(["bash", "-c", setup], project, offline_env())
    locked = run_ok([*UV, "sync", "--locked"], project, offline_env())
    run_ok([*UV, "lock", "--check"], project, offline_env())
    (project / "uv.lock").unlink()
    resolved = RESOLVED.search(run_ok([*UV, "lock"], project, offline_env()).stderr)

    assert resolved, "uv lock printed no summary"
    assert "Checked" in locked.stderr  # nothing to install: the first sync did it
    installed = packages_of(project / ".venv")
    assert {"flask", "gunicorn", "pytest-cov", *DEV_TOOLS} <= installed
    assert "gevent" not in installed  # extras only when asked for
    packages, seconds = resolved.groups()
    record_property("figure", f"uv lock: {packages} packages resolved in {seconds} (warm cache)")


def test_a_dependency_changed_without_the_lock_stops_the_locked_install(
    bake_variant: BakeVariant, tmp_path: Path
) -> None:
    project = copy_of(bake_variant, "default", tmp_path)
    lock(project)
    pyproject = project / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(
        text.replace('    "flask-cors>=6,<7",\n', '    "flask-cors>=6,<7",\n    "pyyaml>=6",\n'),
        encoding="utf-8",
    )
    assert pyproject.read_text(encoding="utf-8") != text

    for command, flag in (("sync", "--locked"), ("lock", "--check")):
        refused = run_failing([*UV, command, flag], project)
        assert STALE_LOCK.format(flag=flag) in refused
    lock(project)
    run_ok([*UV, "sync", "--locked"], project, offline_env())


def test_the_locked_install_needs_a_committed_lock(
    bake_variant: BakeVariant, tmp_path: Path
) -> None:
    project = copy_of(bake_variant, "default", tmp_path)
    refused = run_failing([*UV, "sync", "--locked"], project)
    assert "Unable to find lockfile at `uv.lock`, but `--locked` was provided" in refused


@pytest.mark.parametrize("extras", ["", "gevent"])
def test_the_dockerfile_installs_the_lock_without_dev_tools(
    bake_variant: BakeVariant, extras: str, tmp_path: Path
) -> None:
    """The builder stage's install, run here (no Docker engine) into a venv of its own;
    the app then starts from that venv and the code beside it, as in the image."""
    project = copy_of(bake_variant, "default", tmp_path)
    lock(project)
    (install,) = [
        args
        for name, args in instructions(project / "Dockerfile")
        if name == "RUN" and DOCKER_SYNC in args
    ]
    runtime = tmp_path / "opt-venv"
    env = offline_env(UV_PROJECT_ENVIRONMENT=str(runtime), EXTRAS=extras)

    run_ok(["sh", "-c", install], project, env)
    installed = packages_of(runtime)
    check_config: list[str | Path] = [runtime / "bin/gunicorn", "--check-config", "-c"]
    run_ok(
        [*check_config, "gunicorn.conf.py", "wsgi:app"], project, clean_env(APP_ENV="development")
    )

    assert {"flask", "gunicorn", "sqlalchemy"} <= installed
    assert not installed & {*DEV_TOOLS, "pytest-cov", "factory-boy"}
    assert ("gevent" in installed) == (extras == "gevent")
    assert project.name not in installed  # the image copies the code instead


def test_the_audit_exports_every_locked_package_for_pip_audit(
    bake_variant: BakeVariant, tmp_path: Path
) -> None:
    """The CI's audit commands, offline: the export, then pip-audit as a dry run (the
    real run asks a vulnerability database)."""
    project = copy_of(bake_variant, "default", tmp_path)
    lock(project)
    export, audit = read_audit_commands(project)

    run_ok(["bash", "-c", export], project, offline_env())
    result = run_ok(["bash", "-c", f"{audit} --dry-run"], project, offline_env())

    requirements = (project / "audit-requirements.txt").read_text(encoding="utf-8")
    pinned = re.findall(r"^([\w.-]+)==", requirements, re.MULTILINE)
    locked = re.findall(r'^name = "([\w.-]+)"$', (project / "uv.lock").read_text("utf-8"), re.M)
    assert set(pinned) == set(locked) - {"my-flask-api"}
    assert "--hash=sha256:" in requirements
    audited = re.search(r"Dry run: would have audited (\d+) packages", result.stderr)
    assert audited, result.stderr
    assert int(audited.group(1)) > len(pinned) // 2  # markers of other platforms left out


def read_audit_commands(project: Path) -> list[str]:
    """The run lines of the baked GitHub workflow's audit job."""
    job = read_yaml(project / ".github/workflows/ci.yml")["jobs"]["audit"]
    return [line for step in job["steps"] for line in step.get("run", "").splitlines()]


def run_failing(args: list[str | Path], project: Path) -> str:
    """Run a uv command that must fail offline in ``project``; its error output, on one
    line (uv wraps long messages)."""
    result = subprocess.run(
        [str(arg) for arg in args],
        cwd=project,
        env=offline_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0, result.stdout + result.stderr
    return " ".join(result.stderr.split())
